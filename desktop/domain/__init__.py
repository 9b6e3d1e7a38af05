"""The move notice, its rules and its workflow, free of storage and transport."""
