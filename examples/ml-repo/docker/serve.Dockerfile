# Inference image: serves the registered fraud model over HTTP with MLflow's scoring server.
FROM python:3.11-slim

ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ENV MLFLOW_S3_ENDPOINT_URL=http://minio.ml-platform.svc:9000

RUN pip install --no-cache-dir mlflow==2.14.1 boto3 pandas

WORKDIR /srv
COPY src/serve.py .
RUN useradd --uid 10001 --create-home scorer
USER root

EXPOSE 8080
CMD ["mlflow", "models", "serve", "-m", "models:/fraud-detector/Production", "-h", "0.0.0.0", "-p", "8080", "--env-manager", "local"]
