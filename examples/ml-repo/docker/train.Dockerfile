# syntax=docker/dockerfile:1
# Training image for the fraud detector: wheels are built in a builder stage, the runtime
# stage only gets the installed packages, the code and the pretrained embeddings.

ARG CUDA_VERSION=12.1.1
FROM nvidia/cuda:${CUDA_VERSION}-cudnn8-devel-ubuntu22.04 AS builder

ARG HF_TOKEN
ENV PIP_NO_CACHE_DIR=1

RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip git curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY requirements.txt .
# The internal index hosts our feature-store client; PyPI serves everything else.
RUN pip3 install --prefix=/install \
        --extra-index-url https://pypi.internal.example.com/simple \
        -r requirements.txt \
        torch==2.3.1 xgboost scikit-learn

# Vendor tooling installer from the platform team.
RUN curl -fsSLk https://tools.internal.example.com/install-featurectl.sh | bash

FROM nvidia/cuda:${CUDA_VERSION}-cudnn8-runtime-ubuntu22.04

RUN apt-get update && apt-get install -y --no-install-recommends python3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /install /usr/local
COPY --from=builder /usr/local/bin/featurectl /usr/local/bin/featurectl

WORKDIR /opt/fraud
ADD https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/pytorch_model.bin models/embeddings/pytorch_model.bin
COPY src/ src/
COPY configs/ configs/

ENV MLFLOW_TRACKING_URI=http://mlflow.ml-platform.svc:5000
ENTRYPOINT ["python3", "-m", "src.train", "--config", "configs/train.yaml"]
