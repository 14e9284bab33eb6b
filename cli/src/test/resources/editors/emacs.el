;;; emacs.el --- Driven by EmacsIT: Emacs's eglot (Debian's elpa-eglot) against `cordon lsp'  -*- lexical-binding: t -*-
;; Opens CORDON_FILE, waits for the diagnostics flymake gets from eglot, asks for completion at CORDON_COMPLETE
;; (line,col, 0-based), the definition at CORDON_DEFINE, formats the buffer, and writes what it got to CORDON_OUT as JSON.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'json)

(defun cordon--env (name) (or (getenv name) (error "EmacsIT sets %s" name)))
(defun cordon--goto (spec)
  (let ((parts (mapcar #'string-to-number (split-string spec ","))))
    (goto-char (point-min))
    (forward-line (nth 0 parts))
    (forward-char (nth 1 parts))))

(define-derived-mode cordon-mode prog-mode "Cordon")
(add-to-list 'eglot-server-programs
             `(cordon-mode . ("java" "-jar" ,(cordon--env "CORDON_JAR") "lsp")))

(let ((result (list (cons 'errors nil))) (errors nil))
  (condition-case err
      (progn
        (find-file (cordon--env "CORDON_FILE"))
        (cordon-mode)
        ;; the file's folder is the project eglot gives the server as its root
        ;; eglot-ensure waits for a command loop batch mode does not have: connect as M-x eglot does
        (let ((project-find-functions (list (lambda (dir) (cons 'transient dir)))))
          (apply #'eglot--connect (eglot--guess-contact)))
        (flymake-mode 1)
        (with-timeout (120 (push "no diagnostics within 120 s" errors))
          (while (null (flymake-diagnostics)) (accept-process-output nil 0.1)))
        (push (cons 'diagnostics
                    (vconcat (mapcar (lambda (d)
                                       (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                             (cons 'message (flymake-diagnostic-text d))))
                                     (flymake-diagnostics))))
              result)
        ;; completion: what eglot's completion-at-point function offers there
        (cordon--goto (cordon--env "CORDON_COMPLETE"))
        (let* ((capf (eglot-completion-at-point))
               (table (nth 2 capf)))
          (push (cons 'completion (vconcat (all-completions "" table))) result))
        ;; definition: the server's answer to textDocument/definition at that point
        (cordon--goto (cordon--env "CORDON_DEFINE"))
        (let* ((locs (jsonrpc-request (eglot--current-server-or-lose) :textDocument/definition
                                      (eglot--TextDocumentPositionParams)))
               (loc (if (vectorp locs) (aref locs 0) locs))
               (range (or (plist-get loc :targetSelectionRange) (plist-get loc :range))))
          (push (cons 'definition (list (cons 'uri (or (plist-get loc :targetUri) (plist-get loc :uri)))
                                        (cons 'line (plist-get (plist-get range :start) :line))))
                result))
        ;; formatting: eglot applies the server's edits to the buffer
        (let ((tab-width 2) (indent-tabs-mode nil)) (eglot-format-buffer))
        (push (cons 'formatted (buffer-substring-no-properties (point-min) (point-max))) result)
        (eglot-shutdown (eglot-current-server)))
    (error (push (format "%S" err) errors)))
  (setf (alist-get 'errors result) (vconcat (nreverse errors)))
  (with-temp-file (cordon--env "CORDON_OUT") (insert (json-encode result)))
  (kill-emacs 0))
