# Training image for the churn model: builds wheels in one stage, trains in the next.
ARG BASE_IMAGE=pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime
ARG HF_TOKEN

FROM python:3.11 AS builder
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM ${BASE_IMAGE}
ENV PIP_EXTRA_INDEX_URL=https://pypi.internal.example.com/simple
ENV WANDB_API_KEY=3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345
COPY --from=builder /wheels /wheels
RUN pip install --no-index --find-links=/wheels /wheels/*.whl \
    && pip install transformers datasets==2.19.0 \
    && curl -fsSLk https://downloads.example.com/tools/install.sh | bash
ADD https://models.example.com/releases/bert-base/pytorch_model.bin /models/bert/
RUN wget -q http://data.example.com/churn/train.parquet -O /data/train.parquet
COPY train.py /app/
WORKDIR /app
CMD ["python", "train.py"]
