#include "mcp/tool_catalog.h"

namespace tars::mcp {

namespace {

// Kept as JSON text: it reads as the agent will see it.
constexpr const char* kCatalog = R"json([
  {
    "name": "list_improvements",
    "title": "List improvements",
    "description": "Lists the improvements of the workspace (proposed changes, pending or applied) with their ids, titles, status and files.",
    "inputSchema": {
      "type": "object",
      "properties": {
        "status": {
          "type": "string",
          "description": "Only improvements with this status: pending or applied."
        }
      },
      "additionalProperties": false
    },
    "outputSchema": {
      "type": "object",
      "properties": {
        "improvements": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "id": {"type": "string"},
              "title": {"type": "string"},
              "description": {"type": "string"},
              "source": {"type": "string"},
              "status": {"type": "string"},
              "files": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["id", "title", "status", "files"]
          }
        },
        "errors": {"type": "array", "items": {"type": "string"}}
      },
      "required": ["improvements"]
    },
    "annotations": {"readOnlyHint": true, "openWorldHint": false}
  },
  {
    "name": "propose_change",
    "title": "Propose a change",
    "description": "Records a change to the workspace as a pending improvement, without touching any file. Give exactly one of: patch (a unified diff, as git diff prints it), edits (replacements: each oldText must occur exactly once in its file, as it stands after the earlier edits of the same file), or files (whole new contents; content null deletes the file). Answers the improvement id and the diff exactly as TARS will apply it. Then call execute with the id.",
    "inputSchema": {
      "type": "object",
      "properties": {
        "title": {
          "type": "string",
          "minLength": 1,
          "description": "One line a reviewer reads: what the change does."
        },
        "description": {"type": "string", "description": "Why, and anything the reviewer should know."},
        "patch": {
          "type": "string",
          "description": "A unified diff with paths relative to the workspace root."
        },
        "edits": {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "object",
            "properties": {
              "path": {"type": "string", "description": "Workspace-relative path of an existing file."},
              "oldText": {
                "type": "string",
                "minLength": 1,
                "description": "Text to replace, exactly as in the file (whitespace and line ends included); it must occur once."
              },
              "newText": {"type": "string", "description": "The replacement."}
            },
            "required": ["path", "oldText", "newText"],
            "additionalProperties": false
          }
        },
        "files": {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "object",
            "properties": {
              "path": {"type": "string", "description": "Workspace-relative path."},
              "content": {
                "type": ["string", "null"],
                "description": "The whole new content; null deletes the file."
              }
            },
            "required": ["path", "content"],
            "additionalProperties": false
          }
        }
      },
      "required": ["title"],
      "additionalProperties": false
    },
    "outputSchema": {
      "type": "object",
      "properties": {
        "improvementId": {"type": "string"},
        "title": {"type": "string"},
        "files": {"type": "array", "items": {"type": "string"}},
        "diff": {"type": "string", "description": "The unified diff TARS will apply."},
        "warnings": {"type": "array", "items": {"type": "string"}}
      },
      "required": ["improvementId", "title", "files", "diff", "warnings"]
    },
    "annotations": {
      "readOnlyHint": false,
      "destructiveHint": false,
      "idempotentHint": true,
      "openWorldHint": false
    }
  },
  {
    "name": "execute",
    "title": "Execute improvements",
    "description": "Applies improvements, one execution context each, in order: journaled, with built-in syntax checks and (validate) the workspace's configured validation commands, such as its tests. A change that fails validation is rolled back (autoRollback) and its diagnostics returned as file:line: message. A change that passes waits in awaiting_review until a person approves, rejects or rolls it back; you cannot approve it. dryRun computes and checks without writing. Reports progress and can be cancelled (what was written is rolled back).",
    "inputSchema": {
      "type": "object",
      "properties": {
        "ids": {
          "type": "array",
          "items": {"type": "string"},
          "minItems": 1,
          "description": "Improvement ids, executed in this order."
        },
        "dryRun": {
          "type": "boolean",
          "default": false,
          "description": "Compute and check everything, write no file."
        },
        "validate": {
          "type": "boolean",
          "default": true,
          "description": "Run the workspace's configured validation commands (they need a person's `tarscli trust`)."
        },
        "autoRollback": {
          "type": "boolean",
          "default": true,
          "description": "Roll back a change whose validation fails."
        }
      },
      "required": ["ids"],
      "additionalProperties": false
    },
    "outputSchema": {
      "type": "object",
      "properties": {
        "results": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "improvementId": {"type": "string"},
              "contextId": {
                "type": ["string", "null"],
                "description": "null when the execution could not start."
              },
              "status": {
                "type": "string",
                "description": "awaiting_review, simulated, failed, rolled_back, cancelled, or not_started."
              },
              "message": {"type": "string"},
              "diff": {
                "type": "string",
                "description": "What the execution changed (or, once rolled back, what it tried)."
              },
              "diagnostics": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Validation findings as file:line: message."
              },
              "validation": {"type": "array", "items": {"type": "object"}}
            },
            "required": ["improvementId", "contextId", "status", "message", "diff", "diagnostics"]
          }
        },
        "notes": {"type": "array", "items": {"type": "string"}}
      },
      "required": ["results", "notes"]
    },
    "annotations": {
      "readOnlyHint": false,
      "destructiveHint": false,
      "idempotentHint": false,
      "openWorldHint": false
    }
  },
  {
    "name": "status",
    "title": "Execution status",
    "description": "The execution contexts of the workspace, newest first (by agents, editors or tarscli), or one context in detail: status, files, transactions, validation and its diagnostics, logs.",
    "inputSchema": {
      "type": "object",
      "properties": {"contextId": {"type": "string", "description": "One context in detail."}},
      "additionalProperties": false
    },
    "outputSchema": {
      "type": "object",
      "properties": {
        "contexts": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "contextId": {"type": "string"},
              "improvementId": {"type": "string"},
              "status": {"type": "string"},
              "mode": {"type": "string"},
              "message": {"type": "string"},
              "diagnostics": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["contextId", "improvementId", "status", "mode", "message"]
          }
        }
      },
      "required": ["contexts"]
    },
    "annotations": {"readOnlyHint": true, "openWorldHint": false}
  },
  {
    "name": "review",
    "title": "Review a context",
    "description": "The unified diff of what an execution context changed, file by file, as the files are now against their originals (for a dry run: what it would change).",
    "inputSchema": {
      "type": "object",
      "properties": {"contextId": {"type": "string"}},
      "required": ["contextId"],
      "additionalProperties": false
    },
    "outputSchema": {
      "type": "object",
      "properties": {
        "contextId": {"type": "string"},
        "status": {"type": "string"},
        "files": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "path": {"type": "string"},
              "newPath": {"type": "string"},
              "kind": {"type": "string"},
              "state": {"type": "string"},
              "transactionId": {"type": "string"},
              "transactionName": {"type": "string", "description": "What the transaction holds: a check, a SARIF result, a commit, or a file."},
              "diff": {"type": "string"}
            },
            "required": ["path", "newPath", "kind", "state", "transactionId", "transactionName", "diff"]
          }
        },
        "diff": {"type": "string"}
      },
      "required": ["contextId", "status", "files", "diff"]
    },
    "annotations": {"readOnlyHint": true, "openWorldHint": false}
  },
  {
    "name": "rollback",
    "title": "Roll back",
    "description": "Restores the files an execution context changed: all of them, one transaction (transactionId) or one file (path). A file someone edited since is refused as a conflict and left as it is. Contexts a person approved or rejected are theirs: only a person undoes those.",
    "inputSchema": {
      "type": "object",
      "properties": {
        "contextId": {"type": "string"},
        "transactionId": {"type": "string", "description": "Only this transaction."},
        "path": {"type": "string", "description": "Only this workspace-relative file."}
      },
      "required": ["contextId"],
      "additionalProperties": false
    },
    "outputSchema": {
      "type": "object",
      "properties": {
        "contextId": {"type": "string"},
        "status": {"type": "string"},
        "restored": {"type": "array", "items": {"type": "string"}},
        "alreadyOriginal": {"type": "array", "items": {"type": "string"}},
        "conflicts": {"type": "array", "items": {"type": "string"}}
      },
      "required": ["contextId", "status", "restored", "alreadyOriginal", "conflicts"]
    },
    "annotations": {
      "readOnlyHint": false,
      "destructiveHint": false,
      "idempotentHint": true,
      "openWorldHint": false
    }
  }
])json";

}  // namespace

const nlohmann::json& tool_catalog() {
  static const nlohmann::json catalog = nlohmann::json::parse(kCatalog);
  return catalog;
}

}  // namespace tars::mcp
