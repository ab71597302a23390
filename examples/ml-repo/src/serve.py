"""Loads the registered fraud model for ad-hoc scoring outside the MLflow server."""

import mlflow.pyfunc
import pandas as pd

MODEL_URI = "models:/fraud-detector/Production"


def score(rows: list[dict]) -> list[float]:
    model = mlflow.pyfunc.load_model(MODEL_URI)
    return list(model.predict(pd.DataFrame(rows)))
