-- The tars-lsp client: one per workspace root, started on demand and attached to the
-- buffers inside it. Handles the server's tars/* notifications and $/progress.
local M = {}

local uv = vim.loop
local levels = vim.log.levels

M.config = {
  cmd = { 'tars-lsp' },
  validate = true,
  auto_rollback = true,
  hints = false,
  root_markers = { '.tars', '.git' },
}

local clients = {} -- root -> client id
M.progress = {} -- token -> { title, message, percentage }
M.latest = nil -- { contextId, status } of the last tars/contextChanged

function M.notify(message, level)
  vim.notify('TARS: ' .. message, level or levels.INFO)
end

-- The nearest directory holding one of the root markers, starting at PATH's directory.
function M.root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p')
  if vim.fn.isdirectory(dir) == 0 then dir = vim.fn.fnamemodify(dir, ':h') end
  dir = dir:gsub('/$', '')
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then return dir == '' and '/' or dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir or dir == '' then return nil end
    dir = parent
  end
end

-- The workspace of BUF: a review buffer remembers it, a file buffer finds it, else the cwd.
function M.root_of_buffer(buf)
  local ok, root = pcall(vim.api.nvim_buf_get_var, buf, 'tars_root')
  if ok then return root end
  local name = vim.api.nvim_buf_get_name(buf)
  if name ~= '' and vim.bo[buf].buftype == '' then
    local root = M.root_of(name)
    if root then return root end
  end
  return M.root_of(vim.fn.getcwd())
end

local function same_as_disk(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  if vim.fn.filereadable(name) == 0 then return true end
  local disk = vim.fn.readfile(name)
  if #disk == 0 then disk = { '' } end
  return vim.deep_equal(disk, vim.api.nvim_buf_get_lines(buf, 0, -1, false))
end

-- Reloads BUF from disk unless it has unsaved edits, which are never overwritten.
function M.reload(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  if vim.bo[buf].modified then
    M.notify(vim.fn.fnamemodify(name, ':~:.') ..
      ' changed on disk; not reloaded over your unsaved edits (:edit! takes the disk version)',
      levels.WARN)
    return
  end
  vim.api.nvim_buf_call(buf, function()
    vim.cmd('setlocal autoread | silent! checktime ' .. buf .. ' | setlocal autoread<')
    -- checktime compares whole-second mtimes and sizes: a same-size rewrite within
    -- the second goes unseen, so compare the text too.
    if not same_as_disk(buf) then vim.cmd('silent! edit') end
  end)
end

local function real(path)
  return uv.fs_realpath(path) or path
end

local function on_files_changed(_, result)
  local changed = {}
  for _, uri in ipairs(result and result.uris or {}) do
    changed[real(vim.uri_to_fname(uri))] = true
  end
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(buf)
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].buftype == '' and name ~= '' and
        changed[real(name)] then
      M.reload(buf)
    end
  end
end

local function on_context_changed(_, result)
  if not result then return end
  M.latest = { contextId = result.contextId, status = result.status }
  vim.cmd('redrawstatus')
  require('tars.review').on_context_changed(result.contextId, result.status)
  vim.api.nvim_exec_autocmds('User', { pattern = 'TarsContextChanged', modeline = false })
end

local function on_progress(err, result, ctx, config)
  local default = vim.lsp.handlers['$/progress']
  if default then pcall(default, err, result, ctx, config) end
  local token, value = result and result.token, result and result.value
  if type(value) ~= 'table' or not tostring(token):find('^tars') then return end
  if value.kind == 'begin' then
    M.progress[token] = { title = value.title, percentage = value.percentage or 0, client_id = ctx.client_id }
  elseif value.kind == 'report' and M.progress[token] then
    M.progress[token].message = value.message
    M.progress[token].percentage = value.percentage or M.progress[token].percentage
  elseif value.kind == 'end' then
    local name = (M.progress[token] and M.progress[token].title or ''):gsub('^TARS: ', '')
    M.progress[token] = nil
    local message = value.message or 'done'
    local fine = message:find('awaiting_review') or message:find('simulated')
    if not message:find(name, 1, true) then message = name .. ': ' .. message end
    M.notify(message, fine and levels.INFO or levels.WARN)
  end
  vim.cmd('redrawstatus')
end

-- Sends REQUEST to CLIENT; ON_RESULT gets the result, errors are shown.
function M.request(client, method, params, on_result)
  local function handler(err, result)
    if err then return M.notify(err.message or vim.inspect(err), levels.ERROR) end
    if on_result then on_result(result) end
  end
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler)
  end
  return client.request(method, params, handler)
end

function M.request_sync(client, method, params, timeout)
  local response
  if vim.fn.has('nvim-0.11') == 1 then
    response = client:request_sync(method, params, timeout or 10000)
  else
    response = client.request_sync(method, params, timeout or 10000)
  end
  if not response then return nil, 'tars-lsp did not answer ' .. method end
  if response.err then return nil, response.err.message or vim.inspect(response.err) end
  return response.result
end

function M.command(client, name, argument, on_result)
  local params = { command = name, arguments = { argument } }
  return M.request(client, 'workspace/executeCommand', params, on_result)
end

-- tars.execute with the configured validate / autoRollback unless the caller chose.
function M.execute(client, argument)
  local defaults = { validate = M.config.validate, autoRollback = M.config.auto_rollback }
  M.command(client, 'tars.execute', vim.tbl_extend('keep', argument, defaults), function(result)
    local what = argument.improvementId or table.concat(argument.improvementIds or {}, ', ')
    if result.awaitingTrust then
      return M.notify(what .. ' waits for your answer: trust the workspace\'s validation commands?')
    end
    M.latest = { contextId = result.contextId, status = 'running' }
    M.notify(('%s of %s started as %s'):format(argument.dryRun and 'dry run' or 'execution', what,
      tostring(result.contextId)))
  end)
end

local function forward(command, ctx)
  require('tars.commands').forward(vim.lsp.get_client_by_id(ctx.client_id), command)
end

local function client_config(root)
  return {
    name = 'tars',
    cmd = M.config.cmd,
    root_dir = root,
    init_options = {
      validate = M.config.validate,
      autoRollback = M.config.auto_rollback,
      hints = M.config.hints,
    },
    capabilities = vim.lsp.protocol.make_client_capabilities(),
    handlers = {
      ['tars/filesChanged'] = on_files_changed,
      ['tars/contextChanged'] = on_context_changed,
      ['$/progress'] = on_progress,
    },
    -- code actions run their commands through here: executions honour the
    -- configuration, and every outcome is reported
    commands = {
      ['tars.execute'] = function(command, ctx)
        local client = vim.lsp.get_client_by_id(ctx.client_id)
        M.execute(client, vim.deepcopy((command.arguments or {})[1] or {}))
      end,
      ['tars.rollback'] = forward,
      ['tars.approve'] = forward,
      ['tars.reject'] = forward,
    },
    on_exit = function(_, _, client_id)
      clients[root] = nil
      for token, progress in pairs(M.progress) do
        if progress.client_id == client_id then M.progress[token] = nil end
      end
    end,
  }
end

local function stopped(client)
  return client.is_stopped(client) -- a function on 0.7, a method later: both take this call
end

function M.live(root)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not stopped(client) then return client end
  clients[root] = nil
end

-- Starts the client of ROOT if needed; attaches BUF to it when given.
function M.start(root, buf)
  if vim.lsp.start and buf then
    clients[root] = vim.lsp.start(client_config(root), { bufnr = buf })
  else
    if not M.live(root) then clients[root] = vim.lsp.start_client(client_config(root)) end
    if buf and clients[root] then vim.lsp.buf_attach_client(buf, clients[root]) end
  end
  return clients[root] and vim.lsp.get_client_by_id(clients[root])
end

-- Attaches a file buffer inside a workspace; other buffers are left alone.
function M.attach(buf)
  if not vim.api.nvim_buf_is_valid(buf) or vim.bo[buf].buftype ~= '' then return end
  local name = vim.api.nvim_buf_get_name(buf)
  if name == '' or name:find('^%a[%w+.-]*://') then return end
  local root = M.root_of(name)
  local inside = root and vim.fn.fnamemodify(name, ':p'):sub(#root + 2) or ''
  -- .git/ and .tars/ are no part of the workspace (e.g. COMMIT_EDITMSG)
  if root and not inside:find('^%.git/') and not inside:find('^%.tars/') then M.start(root, buf) end
end

-- The initialized client for BUF's workspace (started if none), or nil with a message.
function M.get(buf)
  buf = buf or vim.api.nvim_get_current_buf()
  local root = M.root_of_buffer(buf)
  if not root then
    local markers = table.concat(M.config.root_markers, ' or ')
    return M.notify('no workspace here (no ' .. markers .. ' in a parent directory)', levels.ERROR)
  end
  local client = M.live(root) or M.start(root, nil)
  if not client then return M.notify('could not start ' .. table.concat(M.config.cmd, ' '), levels.ERROR) end
  if not vim.wait(15000, function() return client.initialized or stopped(client) end, 20)
      or stopped(client) then
    return M.notify('tars-lsp did not start for ' .. root, levels.ERROR)
  end
  return client, root
end

return M
