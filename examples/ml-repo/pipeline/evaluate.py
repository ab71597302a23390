"""Scores the model on the held-out set and writes reports/metrics.json."""
import json
import sys

import mlflow
import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score

model = mlflow.sklearn.load_model(sys.argv[1].rsplit("/", 1)[0])
test = pd.read_csv(f"{sys.argv[2]}/test.csv")
x, y = test.drop(columns=["churned"]), test["churned"]
metrics = {"f1": f1_score(y, model.predict(x)), "roc_auc": roc_auc_score(y, model.predict_proba(x)[:, 1])}
with open("reports/metrics.json", "w") as f:
    json.dump(metrics, f, indent=2)
