-- The :Tars* commands: each is a thin call of a tars-lsp command or request.
local C = require('tars.client')

local M = {}
local levels = vim.log.levels

-- Contexts an approve / reject / rollback / review is meant for.
local OPEN = {
  running = true, awaiting_review = true, simulated = true, failed = true, partially_rolled_back = true,
  rolling_back = true,
}

-- The most recent open context, per tars/status (which lists the newest first).
function M.default_context(client)
  local result, err = C.request_sync(client, 'tars/status', {})
  if not result then return C.notify(err, levels.ERROR) end
  for _, context in ipairs(result.contexts or {}) do
    if OPEN[context.status] then return context.contextId end
  end
  C.notify('no open execution; give a context id (see :TarsStatus)', levels.WARN)
end

-- Calls FN(client, contextId, root) with CONTEXT or the default one.
local function with_context(context, fn)
  local client, root = C.get()
  if not client then return end
  if not context or context == '' then context = M.default_context(client) end
  if context then fn(client, context, root) end
end

-- Chooses one of ITEMS: at once when there is one, else with vim.ui.select.
local function pick(items, prompt, format, fn)
  if #items == 0 then return C.notify('nothing to choose for ' .. prompt, levels.WARN) end
  if #items == 1 then return fn(items[1]) end
  vim.ui.select(items, { prompt = prompt, format_item = format }, function(choice)
    if choice then fn(choice) end
  end)
end

local function report(verb, context)
  return function(result)
    local conflicts = result.conflicts or {}
    if #conflicts > 0 then
      local saved = #(result.savedBackups or {}) > 0 and
          ('; your versions were saved as ' .. table.concat(result.savedBackups, ', ')) or ''
      return C.notify(verb .. ' ' .. context .. ' hit conflicts: ' .. table.concat(conflicts, '; ') .. saved,
        levels.WARN)
    end
    C.notify(('%s %s: %d file(s) restored, status %s'):format(verb, context, #(result.restored or {}),
      result.status or '?'))
  end
end

local VERBS = { ['tars.rollback'] = 'rolled back', ['tars.reject'] = 'rejected' }

-- Runs a server command from a code action and reports its outcome.
function M.forward(client, command)
  local argument = (command.arguments or {})[1] or {}
  local id = argument.contextId or '?'
  local on_result = VERBS[command.command] and report(VERBS[command.command], id) or
      function() C.notify('approved ' .. id) end
  C.command(client, command.command, argument, on_result)
end

function M.execute(id, dry_run)
  local client = C.get()
  if client then C.execute(client, { improvementId = id, dryRun = dry_run }) end
end

function M.improvements()
  local client = C.get()
  if not client then return end
  C.request(client, 'tars/improvements', {}, function(result)
    local list = result.improvements or {}
    if #list == 0 then return C.notify('no improvements (tarscli improve import FILE adds one)') end
    vim.ui.select(list, {
      prompt = 'TARS improvements',
      format_item = function(i)
        return ('%s [%s] %s (%s)'):format(i.title, i.status, table.concat(i.files or {}, ', '), i.source)
      end,
    }, function(choice)
      if not choice then return end
      vim.ui.select({ 'Execute', 'Dry run' }, { prompt = choice.title }, function(action)
        if action then C.execute(client, { improvementId = choice.id, dryRun = action == 'Dry run' }) end
      end)
    end)
  end)
end

function M.review(context)
  with_context(context, function(client, id, root)
    C.request(client, 'tars/review', { contextId = id }, function(result)
      require('tars.review').open(id, result.files or {}, root)
    end)
  end)
end

function M.approve(context)
  with_context(context, function(client, id)
    C.command(client, 'tars.approve', { contextId = id }, function() C.notify('approved ' .. id) end)
  end)
end

-- Rejects the whole context, or only the file URI.
function M.reject(context, uri, on_done)
  with_context(context, function(client, id)
    C.command(client, 'tars.reject', { contextId = id, uri = uri }, function(result)
      report('rejected', id)(result)
      if on_done then on_done(result) end
    end)
  end)
end

local function relative(root, name)
  local real_root = vim.loop.fs_realpath(root) or root
  local real = vim.loop.fs_realpath(name) or name
  if real:sub(1, #real_root + 1) == real_root .. '/' then return real:sub(#real_root + 2) end
end

M.rollback_scopes = { 'all', 'transaction', 'file' }

-- SCOPE: all (default), transaction (chosen from the context's) or file (the current
-- buffer's if the context changed it, else chosen).
function M.rollback(scope, context)
  scope = scope or 'all'
  if not vim.tbl_contains(M.rollback_scopes, scope) then
    return C.notify('rollback scope must be all, transaction or file, not ' .. scope, levels.ERROR)
  end
  local current = vim.api.nvim_buf_get_name(0)
  with_context(context, function(client, id, root)
    local function run(extra)
      C.command(client, 'tars.rollback', vim.tbl_extend('force', { contextId = id }, extra),
        report('rolled back', id))
    end
    if scope == 'all' then return run({}) end
    local detail, err = C.request_sync(client, 'tars/status', { contextId = id })
    if not detail then return C.notify(err, levels.ERROR) end
    if scope == 'transaction' then
      return pick(detail.transactions or {}, 'Roll back transaction', function(t)
        return ('%s [%s] %s'):format(t.id, t.status, table.concat(t.files or {}, ', '))
      end, function(t) run({ transactionId = t.id }) end)
    end
    local paths = {}
    for _, file in ipairs(detail.files or {}) do
      for _, path in ipairs({ file.path, file.newPath }) do
        if path and not vim.tbl_contains(paths, path) then table.insert(paths, path) end
      end
    end
    local here = relative(root, current)
    if here and vim.tbl_contains(paths, here) then return run({ path = here }) end
    pick(paths, 'Roll back file', nil, function(path) run({ path = path }) end)
  end)
end

local function echo(lines)
  vim.api.nvim_echo(vim.tbl_map(function(line) return { line .. '\n' } end, lines), true, {})
end

local function summary(c)
  local progress = c.progress or {}
  return ('%s  %-22s %-16s %3d%%  %s'):format(c.contextId, c.status, c.improvementId or '',
    progress.percent or 0, c.message or '')
end

function M.status(context)
  local client = C.get()
  if not client then return end
  if not context or context == '' then
    return C.request(client, 'tars/status', {}, function(result)
      local lines = { 'TARS executions (newest first):' }
      for _, c in ipairs(result.contexts or {}) do table.insert(lines, '  ' .. summary(c)) end
      if #lines == 1 then lines[1] = 'TARS: no executions yet' end
      echo(lines)
    end)
  end
  C.request(client, 'tars/status', { contextId = context }, function(c)
    local lines = { summary(c) }
    for _, t in ipairs(c.transactions or {}) do
      local files = table.concat(t.files or {}, ', ')
      table.insert(lines, ('  transaction %s [%s] %s'):format(t.id, t.status, files))
    end
    for _, f in ipairs(c.files or {}) do
      table.insert(lines, ('  %s %s [%s]'):format(f.kind, f.newPath or f.path, f.state))
    end
    for _, v in ipairs(c.validation or {}) do
      table.insert(lines, ('  validation %s: %s'):format(v.name, v.status))
    end
    echo(lines)
  end)
end

-- Cancels the running executions (what they wrote is rolled back).
function M.cancel()
  local any = false
  for token, progress in pairs(C.progress) do
    local client = vim.lsp.get_client_by_id(progress.client_id)
    if client then
      any = true
      if vim.fn.has('nvim-0.11') == 1 then
        client:notify('window/workDoneProgress/cancel', { token = token })
      else
        client.notify('window/workDoneProgress/cancel', { token = token })
      end
    end
  end
  if not any then C.notify('nothing is running', levels.WARN) end
end

-- Completion reads from a running server only: a <Tab> never starts one.
local function live_client()
  local root = C.root_of_buffer(0)
  return root and C.live(root)
end

local function matching(lead, candidates)
  return vim.tbl_filter(function(c) return vim.startswith(c, lead) end, candidates)
end

local function complete_contexts(lead)
  local client = live_client()
  local result = client and C.request_sync(client, 'tars/status', {}, 2000)
  local ids = {}
  for _, c in ipairs(result and result.contexts or {}) do
    if OPEN[c.status] then table.insert(ids, c.contextId) end
  end
  return matching(lead, ids)
end

local function complete_improvements(lead)
  local client = live_client()
  local result = client and C.request_sync(client, 'tars/improvements', {}, 2000)
  return matching(lead, vim.tbl_map(function(i) return i.id end, result and result.improvements or {}))
end

local function complete_rollback(lead, line)
  local words = vim.split(line:sub(1, -#lead - 1), '%s+', { trimempty = true })
  if #words <= 1 then return matching(lead, M.rollback_scopes) end
  return complete_contexts(lead)
end

function M.define()
  local define = vim.api.nvim_create_user_command
  define('TarsImprovements', function() M.improvements() end, { nargs = 0, desc = 'TARS: list improvements' })
  define('TarsExecute', function(a)
    if a.args == '' then return M.improvements() end
    M.execute(a.args, a.bang)
  end, { nargs = '?', bang = true, complete = complete_improvements, desc = 'TARS: execute (! = dry run)' })
  define('TarsReview', function(a) M.review(a.args) end,
    { nargs = '?', complete = complete_contexts, desc = 'TARS: review an execution' })
  define('TarsApprove', function(a) M.approve(a.args) end,
    { nargs = '?', complete = complete_contexts, desc = 'TARS: approve an execution' })
  define('TarsReject', function(a) M.reject(a.args) end,
    { nargs = '?', complete = complete_contexts, desc = 'TARS: reject an execution' })
  define('TarsRollback', function(a) M.rollback(a.fargs[1], a.fargs[2]) end,
    { nargs = '*', complete = complete_rollback, desc = 'TARS: roll back all | transaction | file' })
  define('TarsStatus', function(a) M.status(a.args) end,
    { nargs = '?', complete = complete_contexts, desc = 'TARS: show executions' })
  define('TarsCancel', function() M.cancel() end, { nargs = 0, desc = 'TARS: cancel running executions' })
end

return M
