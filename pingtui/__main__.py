from pingtui.cli import main

raise SystemExit(main())
