"""One module per command group; ``pingtui.cli`` imports a module only when its command runs."""
