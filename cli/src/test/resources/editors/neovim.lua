-- Driven by NeovimIT: Neovim's own LSP client (vim.lsp.start_client, 0.7 and later) against `cordon lsp`.
-- Opens CORDON_FILE, waits for the diagnostics, asks for completion at CORDON_COMPLETE (line,col, 0-based) and the
-- definition at CORDON_DEFINE, formats the buffer, and writes what the client got to CORDON_OUT as JSON.
local env = function(name) return os.getenv(name) or error('NeovimIT sets ' .. name) end
local result = { errors = {} }

local function pos(spec)
  local line, col = spec:match('^(%d+),(%d+)$')
  return tonumber(line), tonumber(col)
end

local ok, err = pcall(function()
  local file = env('CORDON_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'cordon',
    cmd = { 'java', '-jar', env('CORDON_JAR'), 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  assert(id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)
  local function at(spec)
    local line, col = pos(spec)
    return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
  end

  -- the diagnostics the server publishes once it has checked the file
  result.waited = vim.wait(180000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    local related = {}
    for _, r in ipairs(lsp.relatedInformation or {}) do
      table.insert(related, { line = r.location.range.start.line, message = r.message })
    end
    table.insert(result.diagnostics, { line = d.lnum, col = d.col, message = d.message,
      code = tostring(d.code or lsp.code or ''), related = related })
  end

  local r = client.request_sync('textDocument/completion', at(env('CORDON_COMPLETE')), 120000, buf)
  result.completion = {}
  if r and r.result then
    for _, item in ipairs(r.result.items or r.result) do table.insert(result.completion, item.label) end
  else
    table.insert(result.errors, 'completion: ' .. vim.inspect(r))
  end

  r = client.request_sync('textDocument/definition', at(env('CORDON_DEFINE')), 120000, buf)
  if r and r.result then
    local loc = r.result[1] or r.result
    local range = loc.targetSelectionRange or loc.range
    result.definition = { uri = loc.targetUri or loc.uri, line = range.start.line, col = range.start.character }
  else
    table.insert(result.errors, 'definition: ' .. vim.inspect(r))
  end

  r = client.request_sync('textDocument/formatting', { textDocument = { uri = vim.uri_from_bufnr(buf) },
    options = { tabSize = 2, insertSpaces = true } }, 120000, buf)
  if r and r.result then
    vim.lsp.util.apply_text_edits(r.result, buf, client.offset_encoding or 'utf-16')
    result.formatted = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  else
    table.insert(result.errors, 'formatting: ' .. vim.inspect(r))
  end
  client.stop()
end)
if not ok then table.insert(result.errors, tostring(err)) end
local f = assert(io.open(env('CORDON_OUT'), 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
