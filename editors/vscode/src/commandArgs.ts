// Builds the workspace/executeCommand parameters of the server's tars.* commands from
// what the user chose and the settings.
import { ExecuteCommandParams, ServerCommands } from './protocol';
import { TarsSettings } from './settings';

export type RollbackScope =
  | { kind: 'all' }
  | { kind: 'transaction'; transactionId: string }
  | { kind: 'file'; path: string };

export function executeCommand(
  improvementId: string,
  settings: Pick<TarsSettings, 'validate' | 'autoRollback'>,
  options: { dryRun?: boolean } = {},
): ExecuteCommandParams {
  return {
    command: ServerCommands.execute,
    arguments: [
      {
        improvementId,
        dryRun: options.dryRun ?? false,
        validate: settings.validate,
        autoRollback: settings.autoRollback,
      },
    ],
  };
}

export function rollbackCommand(contextId: string, scope: RollbackScope, force = false): ExecuteCommandParams {
  const args: Record<string, unknown> = { contextId };
  if (scope.kind === 'transaction') args.transactionId = scope.transactionId;
  if (scope.kind === 'file') args.path = scope.path;
  if (force) args.force = true;
  return { command: ServerCommands.rollback, arguments: [args] };
}

export function approveCommand(contextId: string): ExecuteCommandParams {
  return { command: ServerCommands.approve, arguments: [{ contextId }] };
}

// Without a uri the whole execution is rejected; with one, only that file.
export function rejectCommand(contextId: string, uri?: string): ExecuteCommandParams {
  return { command: ServerCommands.reject, arguments: [uri ? { contextId, uri } : { contextId }] };
}
