-- :checkhealth tars — Neovim's version, the server (found, its version), the workspace
-- of the current buffer, and its .tars/config.json (valid, trusted or not) as the server
-- itself sees it. Uses the health API of Neovim 0.7 (require('health')) or vim.health.
local client = require('tars.client')

local M = {}

-- The oldest tars-lsp this plugin works with.
M.MINIMUM_SERVER_VERSION = '0.1.0'

local health = vim.health or require('health')
local report_start = health.start or health.report_start
local report_ok = health.ok or health.report_ok
local report_info = health.info or health.report_info
local report_warn = health.warn or health.report_warn
local report_error = health.error or health.report_error

-- -1, 0 or 1 as version A is older than, the same as or newer than B ("0.1.0").
function M.compare_versions(a, b)
  local x, y = {}, {}
  for n in a:gsub('[-+].*$', ''):gmatch('%d+') do x[#x + 1] = tonumber(n) end
  for n in b:gsub('[-+].*$', ''):gmatch('%d+') do y[#y + 1] = tonumber(n) end
  for i = 1, math.max(#x, #y) do
    local d = (x[i] or 0) - (y[i] or 0)
    if d ~= 0 then return d < 0 and -1 or 1 end
  end
  return 0
end

local INSTALL = {
  'Install the tars package: sudo apt-get install ./tars_<version>_amd64.deb (tars-lsp goes to /usr/bin)',
  'or build and install it from the source: cmake --install build',
  "or give its path: require('tars').setup{ cmd = { '/path/to/tars-lsp' } }",
}

local function check_neovim()
  report_start('Neovim')
  local v = vim.version()
  local version = ('%d.%d.%d'):format(v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.7') == 1 then
    report_ok('Neovim ' .. version)
  else
    report_error('Neovim ' .. version .. ' is too old', { 'TARS needs Neovim 0.7 or later' })
  end
  if vim.fn.exists(':TarsStatus') == 2 then
    report_ok("require('tars').setup{} was called: the commands are defined")
  else
    report_warn("require('tars').setup{} was not called: no :Tars commands, no server for your files",
      { "Add require('tars').setup{} to your init.lua" })
  end
end

-- Whether the server can run, and its version; true when it can.
local function check_server()
  report_start('Server (tars-lsp)')
  local cmd = client.config.cmd
  local program = cmd[1]
  if vim.fn.executable(program) ~= 1 then
    report_error(('%s was not found (cmd = %s)'):format(program, vim.inspect(cmd)), INSTALL)
    return false
  end
  local path = vim.fn.exepath(program)
  local output = vim.fn.system({ program, '--version' })
  local version = output:match('^tars%-lsp (%d+%.%d+%.%d+)')
  if vim.v.shell_error ~= 0 or not version then
    report_error(('%s --version failed: %s'):format(path, vim.trim(output)),
      { 'Is it tars-lsp? Its shared libraries installed? ' .. INSTALL[1] })
    return false
  end
  if M.compare_versions(version, M.MINIMUM_SERVER_VERSION) < 0 then
    report_warn(('%s at %s is older than this plugin needs (%s or newer)'):format(vim.trim(output), path,
      M.MINIMUM_SERVER_VERSION), INSTALL)
  else
    report_ok(('%s at %s'):format(vim.trim(output), path))
  end
  return true
end

local function check_config(root, config)
  if config.exists == false then
    return report_ok('no .tars/config.json: the built-in syntax checks run, no commands')
  end
  if not config.valid then
    return report_error('.tars/config.json is not valid: ' .. tostring(config.error),
      { 'Fix it; until then executions and generate refuse to run (exit 9 in tarscli)' })
  end
  local programs = #config.programs > 0 and ('; it runs: ' .. table.concat(config.programs, ', ')) or ''
  if config.trusted then
    report_ok('.tars/config.json is valid and trusted' .. programs)
  elseif config.needsTrust or #config.programs > 0 then
    report_warn('.tars/config.json is valid but not trusted: its commands do not run' .. programs, {
      'Run `tarscli trust` in ' .. root .. ' once you have read it,',
      'or answer the question the server asks at the first execution that would run them',
    })
  else
    report_ok('.tars/config.json is valid and has no commands to trust')
  end
end

local function check_workspace(server_runs)
  report_start('Workspace')
  local buf = vim.api.nvim_get_current_buf()
  local root = client.root_of_buffer(buf)
  if not root then
    return report_warn(('no workspace: no %s in %s or a parent directory'):format(
      table.concat(client.config.root_markers, ' or '), vim.fn.getcwd()),
      { 'Open a file of a project, or :cd into one' })
  end
  report_ok('workspace ' .. root)
  if not server_runs then return report_info('the config is checked by the server, which cannot run') end
  local running = client.get(buf)
  if not running then return report_error('tars-lsp did not start for ' .. root) end
  local report, err = client.request_sync(running, 'tars/health', vim.empty_dict(), 10000)
  if not report then return report_error('tars/health failed: ' .. tostring(err)) end
  report_info(('the server %s (git %s) serves %s'):format(report.version, report.gitDescribe, report.workspace))
  check_config(root, report.config)
end

function M.check()
  check_neovim()
  check_workspace(check_server())
end

return M
