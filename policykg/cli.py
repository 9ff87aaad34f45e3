"""The ``policykg`` command: a thin layer that turns typed errors into one line."""

import typer

app = typer.Typer(help="policykg: a knowledge graph of Chinese government notices.", no_args_is_help=True)


@app.command()
def version() -> None:
    """Print the policykg version."""
    from policykg import __version__

    typer.echo(__version__)
