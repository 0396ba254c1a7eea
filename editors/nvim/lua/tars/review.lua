-- :TarsReview: a tab per changed file with the original (a scratch buffer) left of the
-- current file, both in diff mode, and buffer-local mappings to approve or reject.
local C = require('tars.client')

local M = {}

M.keys = { approve = '<leader>a', reject_file = '<leader>r', reject_all = '<leader>R', close = '<leader>q' }

local reviews = {} -- contextId -> { { tab, uri, buffers } } in tab order
local FINAL = { approved = true, rejected = true, rolled_back = true, cancelled = true }

-- Sets BUF's filetype from PATH's name (0.7's match sets it itself, later ones return it).
local function detect_filetype(buf, path)
  if vim.fn.has('nvim-0.8') == 0 then return pcall(vim.filetype.match, path, buf) end
  local ok, filetype = pcall(vim.filetype.match, { filename = path })
  if ok and filetype then vim.bo[buf].filetype = filetype end
end

-- A read-only buffer holding TEXT, wiped when no window shows it.
-- Its filetype is FILETYPE, else detected from PATH.
local function scratch(name, text, root, path, filetype)
  local buf = vim.api.nvim_create_buf(false, true)
  local lines = vim.split(text or '', '\n', { plain = true })
  if #lines > 1 and lines[#lines] == '' then table.remove(lines) end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = 'wipe'
  vim.api.nvim_buf_set_var(buf, 'tars_root', root)
  pcall(vim.api.nvim_buf_set_name, buf, name)
  if filetype and filetype ~= '' then
    vim.bo[buf].filetype = filetype
  else
    detect_filetype(buf, path)
  end
  return buf
end

local function escape(text)
  return (text:gsub('%%', '%%%%'))
end

-- The keys as typed: <leader>a shows as \a with the default leader.
local function help_line()
  local leader = vim.g.mapleader or '\\'
  leader = leader == ' ' and '<space>' or leader
  local function key(name)
    return (M.keys[name]:gsub('<[lL]eader>', function() return leader end))
  end
  return ('%s approve  %s reject file  %s reject all  %s close'):format(key('approve'), key('reject_file'),
    key('reject_all'), key('close'))
end

local function map(buf, context_id, uri)
  local commands = require('tars.commands')
  local actions = {
    approve = function() commands.approve(context_id) end,
    reject_file = function()
      commands.reject(context_id, uri, function() M.close(context_id, uri) end)
    end,
    reject_all = function() commands.reject(context_id) end,
    close = function() M.close(context_id) end,
  }
  for action, fn in pairs(actions) do
    vim.keymap.set('n', M.keys[action], fn, { buffer = buf, silent = true, desc = 'TARS review: ' .. action })
  end
end

local function unmap(buf)
  if not vim.api.nvim_buf_is_valid(buf) then return end
  for _, key in pairs(M.keys) do pcall(vim.keymap.del, 'n', key, { buffer = buf }) end
end

-- Opens one file's tab; returns its entry.
local function open_file(context_id, file, root)
  local path = vim.uri_to_fname(file.uri)
  local label = ('tars://%s/%s'):format(context_id, file.path)
  if file.state == 'simulated' then -- a dry run: the result exists only in the server's answer
    vim.cmd('tab sbuffer ' .. scratch(label .. ' (dry run)', file.current, root, path))
  else
    vim.cmd('tabedit ' .. vim.fn.fnameescape(path))
  end
  local right_win, right = vim.api.nvim_get_current_win(), vim.api.nvim_get_current_buf()
  local original_name = ('tars://%s/%s (original)'):format(context_id, file.originalPath or file.path)
  local left = scratch(original_name, file.original, root, path, vim.bo[right].filetype)
  vim.cmd('leftabove vertical sbuffer ' .. left)
  vim.cmd('diffthis')
  vim.wo.statusline = escape(('original: %s  (%s, %s)'):format(file.originalPath or file.path, context_id,
    file.state or '?'))
  vim.api.nvim_set_current_win(right_win)
  vim.cmd('diffthis')
  vim.wo.statusline = escape((file.path or '') .. '  ' .. help_line()) .. ' %m'
  map(left, context_id, file.uri)
  map(right, context_id, file.uri)
  return { tab = vim.api.nvim_get_current_tabpage(), uri = file.uri, buffers = { left, right } }
end

function M.open(context_id, files, root)
  M.close(context_id)
  if #files == 0 then return C.notify('execution ' .. context_id .. ' changed no file') end
  local entries = {}
  for _, file in ipairs(files) do table.insert(entries, open_file(context_id, file, root)) end
  reviews[context_id] = entries
  vim.api.nvim_set_current_tabpage(entries[1].tab)
end

local function close_tab(tab)
  if not vim.api.nvim_tabpage_is_valid(tab) then return end
  if #vim.api.nvim_list_tabpages() > 1 then
    -- ! hides a file with unsaved edits instead of refusing; nothing is discarded
    return vim.cmd('tabclose! ' .. vim.api.nvim_tabpage_get_number(tab))
  end
  for _, win in ipairs(vim.api.nvim_tabpage_list_wins(tab)) do
    vim.api.nvim_win_call(win, function() vim.cmd('diffoff') end)
    local scratch_window = vim.bo[vim.api.nvim_win_get_buf(win)].buftype == 'nofile'
    if scratch_window and #vim.api.nvim_tabpage_list_wins(tab) > 1 then vim.api.nvim_win_close(win, true) end
  end
end

-- Closes the review of CONTEXT_ID, or only its tab of URI.
function M.close(context_id, uri)
  local entries = reviews[context_id] or {}
  for i = #entries, 1, -1 do
    local entry = entries[i]
    if not uri or entry.uri == uri then
      for _, buf in ipairs(entry.buffers) do unmap(buf) end
      close_tab(entry.tab)
      table.remove(entries, i)
    end
  end
  if #entries == 0 then reviews[context_id] = nil end
end

-- The review of a context that was approved, rejected or rolled back is over.
function M.on_context_changed(context_id, status)
  if FINAL[status] then M.close(context_id) end
end

function M.open_contexts()
  return vim.tbl_keys(reviews)
end

return M
