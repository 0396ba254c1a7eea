-- Drives tars-lsp from Neovim's built-in client (0.7 API): attach, code action,
-- execute, file changed on disk, rollback, failing validation -> diagnostics.
local server, root, bad = os.getenv('TARS_LSP'), os.getenv('WS'), os.getenv('BAD')

local function check(condition, message)
  if not condition then error(message, 2) end
end

local function run()
  local client_id = vim.lsp.start_client({
    cmd = { server },
    root_dir = root,
    capabilities = vim.lsp.protocol.make_client_capabilities(),
  })
  check(client_id, 'start_client failed')
  vim.cmd('edit ' .. root .. '/calc.py')
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  check(vim.wait(20000, function() return client.server_capabilities ~= nil end, 20), 'initialize timed out')

  local line = vim.fn.search('total = 0') - 1
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 20000)
  check(responses and responses[client_id] and responses[client_id].result, 'no code action response')
  local action
  for _, candidate in ipairs(responses[client_id].result) do
    if candidate.title:find('^TARS: ') then action = candidate end
  end
  check(action, 'no TARS code action')
  local command = action.command.command and action.command or action

  local done = client.request_sync('workspace/executeCommand', command, 20000, buf)
  check(done and done.result and done.result.contextId, 'execute failed: ' .. vim.inspect(done))
  local context = done.result.contextId
  local function calc() return table.concat(vim.fn.readfile(root .. '/calc.py'), '\n') end
  check(vim.wait(30000, function() return calc():find('return sum%(values%)') ~= nil end, 50), 'file not changed')
  local status
  check(vim.wait(30000, function()
    local r = client.request_sync('tars/status', { contextId = context }, 5000, buf)
    status = r and r.result and r.result.status
    return status == 'awaiting_review'
  end, 100), 'status: ' .. tostring(status))

  local rolled = client.request_sync('workspace/executeCommand',
    { command = 'tars.rollback', arguments = { { contextId = context } } }, 20000, buf)
  check(rolled and rolled.result and rolled.result.status == 'rolled_back', 'rollback: ' .. vim.inspect(rolled))
  check(calc():find('total = 0') ~= nil, 'rollback did not restore calc.py')

  local failing = client.request_sync('workspace/executeCommand',
    { command = 'tars.execute', arguments = { { improvementId = bad } } }, 20000, buf)
  check(failing and failing.result, 'failing execute: ' .. vim.inspect(failing))
  local found
  check(vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get()) do
      if d.source == 'tars' and d.message:find('AssertionError') then found = d end
    end
    return found ~= nil
  end, 50), 'no tars diagnostic')
  check(calc():find('total = 0') ~= nil, 'failed execution not rolled back')

  vim.lsp.stop_client(client_id)
  check(vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20), 'stop failed')
end

local ok, err = pcall(run)
if ok then
  io.stdout:write('nvim session ok\n')
  vim.cmd('qa!')
else
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
