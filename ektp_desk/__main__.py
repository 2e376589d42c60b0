import multiprocessing

from ektp_desk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the frozen app's letter workers start through here
    raise SystemExit(main())
