// The Cordon language server (`cordon lsp`) as VS Code's client for .cordon files.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

exports.activate = () => {
  const command = vscode.workspace.getConfiguration('cordon').get('command', 'cordon');
  client = new LanguageClient('cordon', 'Cordon', { command, args: ['lsp'] },
    { documentSelector: [{ scheme: 'file', language: 'cordon' }] });
  return client.start();
};

exports.deactivate = () => client && client.stop();
