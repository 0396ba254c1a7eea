-- Drives editors/nvim (the TARS plugin) in headless Neovim against the real tars-lsp:
-- setup attaches, a code action executes, a failing validation gives diagnostics,
-- :TarsReview diffs against the original, reject / rollback / approve restore or keep.
local server, root = os.getenv('TARS_LSP'), os.getenv('WS')
local good, bad, two, plugin = os.getenv('GOOD'), os.getenv('BAD'), os.getenv('TWO'), os.getenv('PLUGIN')
local WAIT = 30000

local function check(condition, message)
  if not condition then error(message, 2) end
end

local notes = {}
vim.notify = function(message, level)
  table.insert(notes, { message = message, level = level })
  io.stderr:write('notify: ' .. message .. '\n')
end

local function wait_for(what, condition)
  check(vim.wait(WAIT, condition, 20), 'timed out waiting for ' .. what)
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local function disk_text()
  return table.concat(vim.fn.readfile(root .. '/calc.py'), '\n')
end

local ORIGINAL = 'total = 0'
local CHANGED = 'return sum%(values%)'

local function status_of(context)
  local client = require('tars').client()
  local r = client.request_sync('tars/status', { contextId = context }, 5000)
  return r and r.result and r.result.status
end

local function latest_context()
  local client = require('tars').client()
  local r = client.request_sync('tars/status', {}, 5000)
  return r.result.contexts[1]
end

-- The server's executions are over: a context's status is final a moment before its
-- execution lets go of the workspace lock, its progress ends after that.
local function idle()
  wait_for('the execution to end', function() return next(require('tars.client').progress) == nil end)
end

-- Waits until the buffer shows TEXT, as does the file, and the latest context is STATUS.
local function settle(buf, text, status)
  wait_for('calc.py on disk to match ' .. text, function() return disk_text():find(text) ~= nil end)
  wait_for('buffer to reload with ' .. text, function() return buffer_text(buf):find(text) ~= nil end)
  wait_for('status ' .. status, function() return latest_context().status == status end)
  idle()
  check(not vim.bo[buf].modified, 'the reloaded buffer is marked modified')
end

local function execute(buf)
  vim.cmd('TarsExecute ' .. good)
  settle(buf, CHANGED, 'awaiting_review')
  return latest_context().contextId
end

local function press(keys)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'x', false)
end

-- Runs the code action whose title matches PATTERN, picked from vim.ui.select.
local function code_action(pattern)
  local offered = {}
  vim.ui.select = function(items, _, on_choice)
    for _, item in ipairs(items) do
      local action = item[2] -- 0.7 offers { client_id, action } pairs
      table.insert(offered, action.title)
      if action.title:find(pattern) then return on_choice(item) end
    end
    error('no code action ' .. pattern .. ' in ' .. vim.inspect(offered))
  end
  vim.lsp.buf.code_action()
end

local function run()
  require('tars').setup({ cmd = { server } })
  vim.cmd('edit ' .. root .. '/calc.py')
  local buf = vim.api.nvim_get_current_buf()

  -- setup attaches the buffer to a tars client rooted at the workspace
  local client
  wait_for('attach', function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'tars' and c.initialized then client = c end
    end
    return client ~= nil
  end)
  check(client.config.root_dir == root, 'root: ' .. tostring(client.config.root_dir))
  check(vim.fn.exists(':TarsReview') == 2 and vim.fn.exists(':TarsRollback') == 2, 'commands missing')
  io.stdout:write('ok - setup attaches\n')

  -- a failing validation leaves the file as it was and shows diagnostics (in test_calc.py)
  vim.cmd('TarsExecute ' .. bad)
  local found
  wait_for('tars diagnostic', function()
    for _, d in ipairs(vim.diagnostic.get()) do
      if d.source == 'tars' and d.message:find('AssertionError') then found = d end
    end
    return found ~= nil
  end)
  wait_for('rolled back', function() return latest_context().status == 'rolled_back' end)
  idle()
  check(disk_text():find(ORIGINAL) and buffer_text(buf):find(ORIGINAL), 'failed execution not rolled back')
  io.stdout:write('ok - failing validation yields diagnostics\n')

  -- the code action executes the improvement; the buffer reloads; progress is shown
  vim.fn.cursor(vim.fn.search(ORIGINAL), 1)
  code_action('^TARS: Apply')
  settle(buf, CHANGED, 'awaiting_review')
  local context = latest_context().contextId
  -- the statusline follows tars/contextChanged, which the server sends when it next
  -- looks at the store (once a second): it may come after the status and progress did
  wait_for('the statusline to show the review (now: ' .. require('tars').status() .. ')',
    function() return require('tars').status():find('review') ~= nil end)
  local progressed = false
  for _, n in ipairs(notes) do
    if n.message:find('awaiting_review') then progressed = true end
  end
  check(progressed, 'no progress notification')
  io.stdout:write('ok - code action executes and the buffer reloads\n')

  -- :TarsReview: a tab with the original in a scratch buffer, both sides in diff mode
  local tabs = #vim.api.nvim_list_tabpages()
  vim.cmd('TarsReview')
  wait_for('review tab', function() return #vim.api.nvim_list_tabpages() == tabs + 1 end)
  local wins = vim.api.nvim_tabpage_list_wins(0)
  check(#wins == 2, 'review tab has ' .. #wins .. ' windows')
  local left, right = vim.api.nvim_win_get_buf(wins[1]), vim.api.nvim_win_get_buf(wins[2])
  check(vim.bo[left].buftype == 'nofile' and not vim.bo[left].modifiable, 'left is not a scratch buffer')
  check(buffer_text(left):find(ORIGINAL), 'left lacks the original text')
  check(right == buf, 'right is not the calc.py buffer')
  check(vim.wo[wins[1]].diff and vim.wo[wins[2]].diff, 'not in diff mode')
  check(vim.bo[left].filetype == 'python', 'original filetype: ' .. vim.bo[left].filetype)
  io.stdout:write('ok - review opens a diff against the original\n')

  -- the reject-file mapping restores the file and closes the tab
  vim.api.nvim_set_current_win(wins[1])
  press('<leader>r')
  settle(buf, ORIGINAL, 'rejected')
  wait_for('review tab closed', function() return #vim.api.nvim_list_tabpages() == tabs end)
  check(not vim.api.nvim_buf_is_valid(left), 'scratch buffer was not wiped')
  check(vim.fn.maparg('<leader>r', 'n') == '', 'review mapping left on the file buffer')
  io.stdout:write('ok - reject restores the file\n')

  -- :TarsRollback file / transaction / all
  for _, scope in ipairs({ 'file', 'transaction', '' }) do
    context = execute(buf)
    vim.cmd('TarsRollback ' .. scope)
    settle(buf, ORIGINAL, 'rolled_back')
    check(status_of(context) == 'rolled_back', 'rollback ' .. scope)
  end
  check(vim.fn.getcompletion('TarsRollback ', 'cmdline')[1] == 'all', 'rollback completion')
  context = execute(buf)
  code_action('^Roll back this file')
  settle(buf, ORIGINAL, 'rolled_back')
  wait_for('rollback reported', function()
    return notes[#notes].message:find('rolled back ' .. context, 1, true) ~= nil
  end)
  io.stdout:write('ok - rollback all / transaction / file, and by code action\n')

  -- :TarsImprovements offers the list, then Execute / Dry run; a dry run changes nothing
  -- on disk, its review shows the result in a scratch buffer
  local menus = {}
  vim.ui.select = function(items, opts, on_choice)
    table.insert(menus, vim.tbl_map(opts.format_item or tostring, items))
    for _, item in ipairs(items) do
      if item == 'Dry run' or (type(item) == 'table' and item.id == good) then return on_choice(item) end
    end
  end
  vim.cmd('TarsImprovements')
  wait_for('the two menus', function() return #menus == 2 end)
  check(#menus[1] == 3 and menus[1][1]:find('calc.py', 1, true), 'improvements menu: ' .. vim.inspect(menus))
  check(vim.deep_equal(menus[2], { 'Execute', 'Dry run' }), 'action menu: ' .. vim.inspect(menus[2]))
  wait_for('simulated', function() return latest_context().status == 'simulated' end)
  idle()
  check(disk_text():find(ORIGINAL), 'dry run wrote calc.py')
  vim.cmd('TarsReview')
  wait_for('dry-run review tab', function() return #vim.api.nvim_list_tabpages() == tabs + 1 end)
  local dry = vim.api.nvim_tabpage_list_wins(0)
  check(buffer_text(vim.api.nvim_win_get_buf(dry[2])):find(CHANGED), 'dry-run review lacks the result')
  vim.cmd('TarsReject')
  wait_for('dry run rejected', function() return latest_context().status == 'rejected' end)
  wait_for('dry-run review closed', function() return #vim.api.nvim_list_tabpages() == tabs end)
  io.stdout:write('ok - :TarsImprovements, dry run and its review\n')

  -- approve through the review mapping keeps the change
  context = execute(buf)
  check(vim.tbl_contains(vim.fn.getcompletion('TarsApprove ', 'cmdline'), context), 'context completion')
  vim.cmd('TarsReview ' .. context)
  wait_for('review tab', function() return #vim.api.nvim_list_tabpages() == tabs + 1 end)
  press('<leader>a')
  wait_for('approved', function() return status_of(context) == 'approved' end)
  wait_for('review tab closed', function() return #vim.api.nvim_list_tabpages() == tabs end)
  check(disk_text():find(CHANGED), 'approve changed calc.py')
  wait_for('an empty statusline after approve (now: ' .. require('tars').status() .. ')',
    function() return require('tars').status() == '' end)
  io.stdout:write('ok - approve keeps the change\n')

  -- a rollback under way (or one a crash interrupted) shows in the statusline
  local client_module = require('tars.client')
  local latest = client_module.latest
  client_module.latest = { contextId = context, status = 'rolling_back' }
  check(require('tars').status() == 'TARS rolling back', 'statusline: ' .. require('tars').status())
  client_module.latest = latest

  -- unsaved edits are never reloaded over: roll the approved change back behind them
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '# my unsaved note' })
  vim.cmd('TarsRollback all ' .. context)
  wait_for('disk restored', function() return disk_text():find(ORIGINAL) ~= nil end)
  local warned = false
  wait_for('warning', function()
    for _, n in ipairs(notes) do
      if n.message:find('unsaved edits') then warned = true end
    end
    return warned
  end)
  check(vim.bo[buf].modified and buffer_text(buf):find('# my unsaved note'), 'unsaved edits were lost')
  io.stdout:write('ok - unsaved edits are kept\n')
  vim.cmd('edit!')

  -- two files: two review tabs; rejecting one file closes its tab only
  vim.cmd('TarsExecute ' .. two)
  settle(buf, '# reviewed', 'awaiting_review')
  vim.cmd('TarsReview')
  wait_for('two review tabs', function() return #vim.api.nvim_list_tabpages() == tabs + 2 end)
  local second = vim.api.nvim_list_tabpages()[tabs + 2]
  vim.api.nvim_set_current_tabpage(second)
  local test_file = vim.api.nvim_buf_get_name(vim.api.nvim_win_get_buf(vim.api.nvim_tabpage_list_wins(0)[2]))
  check(test_file:find('test_calc%.py$'), 'second tab shows ' .. test_file)
  press('<leader>r')
  wait_for('one tab left', function() return #vim.api.nvim_list_tabpages() == tabs + 1 end)
  check(not vim.api.nvim_tabpage_is_valid(second), 'the rejected file kept its tab')
  wait_for('partially rolled back', function() return latest_context().status == 'partially_rolled_back' end)
  check(disk_text():find('# reviewed'), 'calc.py was rejected with test_calc.py')
  vim.cmd('TarsReject')
  settle(buf, ORIGINAL, 'rejected')
  wait_for('calc.py reloaded', function() return not buffer_text(buf):find('# reviewed') end)
  check(not table.concat(vim.fn.readfile(root .. '/test_calc.py'), '\n'):find('# reviewed'), 'test_calc.py')
  wait_for('review closed', function() return #vim.api.nvim_list_tabpages() == tabs end)
  io.stdout:write('ok - a tab per file; reject one file, then the rest\n')

  -- :help tars
  vim.cmd('helptags ' .. plugin .. '/doc')
  vim.cmd('help tars')
  check(vim.api.nvim_buf_get_name(0):find('tars%.txt$'), ':help tars opened ' .. vim.api.nvim_buf_get_name(0))
  vim.cmd('help :TarsReview')
  check(vim.bo.buftype == 'help', 'help :TarsReview')
  io.stdout:write('ok - :help tars\n')
end

local ok, err = pcall(run)
if ok then
  io.stdout:write('nvim plugin ok\n')
  vim.cmd('qa!')
else
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
