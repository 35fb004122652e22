"""``python -m fairmeta`` runs the command-line interface."""

from fairmeta.cli import main

if __name__ == "__main__":
    main()
