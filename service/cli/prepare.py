"""``giveback prepare``: make the models ready for fast commands (run by ``make install``)."""

from __future__ import annotations

import click

from giveback.pipelines.embedding.encoder import get_embedder


@click.command()
def prepare() -> None:
    """Export the embedding model to ONNX, once, so that commands start without torch.

    The export is checked against sentence-transformers before it is kept, and lands in
    GIVEBACK_CACHE_DIR. Without it, the first command that embeds makes it (a few seconds
    more, once). Safe to run again: an export already made is reused.

    \b
    Example:
      giveback prepare
    """
    embedder = get_embedder()
    if embedder.onnx is None:
        click.echo(
            f"{embedder.model_id}: runs on torch (GIVEBACK_EMBEDDING_BACKEND=torch, "
            "or a model the ONNX export can't reproduce)"
        )
        return
    click.echo(f"{embedder.model_id}: ONNX export ready in {embedder.onnx.path}")
