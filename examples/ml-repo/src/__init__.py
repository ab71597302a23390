"""Fraud detector: training and serving code."""
