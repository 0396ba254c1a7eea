-- TARS for Neovim: runs tars-lsp for the workspace of each file and adds commands to
-- execute, review, approve, reject and roll back improvements. See :help tars.
local client = require('tars.client')
local commands = require('tars.commands')
local review = require('tars.review')

local M = {}

local OPTIONS = {
  cmd = true, validate = true, auto_rollback = true, hints = true, root_markers = true, review_keys = true,
}

-- setup{ cmd, validate, auto_rollback, hints, root_markers, review_keys }
function M.setup(opts)
  opts = opts or {}
  for key in pairs(opts) do
    if not OPTIONS[key] then client.notify('unknown setup option ' .. key, vim.log.levels.WARN) end
  end
  for _, key in ipairs({ 'cmd', 'validate', 'auto_rollback', 'hints', 'root_markers' }) do
    if opts[key] ~= nil then client.config[key] = opts[key] end
  end
  review.keys = vim.tbl_extend('force', review.keys, opts.review_keys or {})
  commands.define()
  local group = vim.api.nvim_create_augroup('tars', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    -- scheduled: help and other special buffers get their 'buftype' after reading
    callback = function(args) vim.schedule(function() client.attach(args.buf) end) end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then client.attach(buf) end
  end
end

-- rolling_back: a rollback, reject or approve under way, or one a crash interrupted (the
-- server finishes it when it starts); the files are between two states until it ends.
local OPEN = { awaiting_review = 'awaiting review', simulated = 'dry run to review', failed = 'failed',
  partially_rolled_back = 'partially rolled back', rolling_back = 'rolling back' }

-- For the statusline, e.g. set statusline+=%{v:lua.require'tars'.status()}
function M.status()
  for _, progress in pairs(client.progress) do
    return ('TARS %d%% %s'):format(progress.percentage or 0, progress.message or progress.title or '')
  end
  local latest = client.latest
  if latest and latest.status == 'running' then return 'TARS running' end
  if latest and OPEN[latest.status] then return 'TARS ' .. OPEN[latest.status] end
  return ''
end

M.improvements = commands.improvements
M.execute = commands.execute
M.review = commands.review
M.approve = commands.approve
M.reject = commands.reject
M.rollback = commands.rollback
M.show_status = commands.status
M.cancel = commands.cancel
M.client = client.get

return M
