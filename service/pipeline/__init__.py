"""The build pipeline's driver: source -> loaders -> gate -> store."""
