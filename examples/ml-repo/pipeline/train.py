"""Trains the churn classifier and logs it to MLflow."""
import argparse

import mlflow
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

parser = argparse.ArgumentParser()
parser.add_argument("--n-estimators", type=int, default=300)
parser.add_argument("--max-depth", type=int, default=12)
args = parser.parse_args()

train = pd.read_csv("data/prepared/train.csv")
model = RandomForestClassifier(n_estimators=args.n_estimators, max_depth=args.max_depth)
model.fit(train.drop(columns=["churned"]), train["churned"])
mlflow.sklearn.save_model(model, "models/churn")
