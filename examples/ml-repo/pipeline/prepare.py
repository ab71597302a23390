"""Splits the customer table into train and test sets."""
import argparse

import pandas as pd
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--test-size", type=float, default=0.2)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

df = pd.read_csv("data/customers.csv")
train, test = train_test_split(df, test_size=args.test_size, random_state=args.seed, stratify=df["churned"])
train.to_csv("data/prepared/train.csv", index=False)
test.to_csv("data/prepared/test.csv", index=False)
