"""Code generation: lower the DAG to SSA once, then emit per backend."""
