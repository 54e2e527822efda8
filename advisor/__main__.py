"""`python -m advisor` runs the command line."""

from advisor.cli import main

if __name__ == "__main__":  # not when a worker process started by spawning imports it again
    main()
