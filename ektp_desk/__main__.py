from ektp_desk.cli import main

raise SystemExit(main())
