// How often a crashed server is restarted: up to `limit` times within `windowMs`, then
// the extension gives up and says so (TARS: Restart Server starts it again).
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly limit = 4,
    private readonly windowMs = 3 * 60 * 1000,
  ) {}

  shouldRestart(now: number = Date.now()): boolean {
    this.crashes = this.crashes.filter((at) => now - at < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.limit;
  }

  reset(): void {
    this.crashes = [];
  }
}
