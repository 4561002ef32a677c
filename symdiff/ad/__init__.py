"""Automatic differentiation over the DAG: ``diff`` (:mod:`.api`, forward
mode in :mod:`.forward`), ``grad``/``jacobian``/``hessian`` (reverse mode,
:mod:`.reverse`) and ``gradcheck`` against finite differences
(:mod:`.numcheck`)."""
