"""Trains the fraud detector and registers it in MLflow."""

import argparse

import mlflow
import pandas as pd
import yaml
from xgboost import XGBClassifier


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    with open(args.config) as f:
        config = yaml.safe_load(f)

    features = pd.read_parquet(config["data"]["transactions"])
    labels = pd.read_parquet(config["data"]["labels"])["is_fraud"]

    mlflow.set_experiment(config["mlflow"]["experiment"])
    with mlflow.start_run():
        model = XGBClassifier(**config["model"])
        model.fit(features, labels)
        mlflow.log_params(config["model"])
        mlflow.xgboost.log_model(model, "model", registered_model_name=config["mlflow"]["registered_model"])


if __name__ == "__main__":
    main()
