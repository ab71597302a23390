# Serving image: MLflow tracking server plus the model server.
FROM ghcr.io/mlflow/mlflow:v2.14.1
RUN pip install --trusted-host pypi.internal.example.com -i http://pypi.internal.example.com/simple psycopg2-binary==2.9.9 boto3
ENV MLFLOW_TRACKING_URI=http://mlflow.example.com:5000
EXPOSE 5000
USER root
CMD mlflow server --host 0.0.0.0 --port 5000 --backend-store-uri sqlite:///mlflow.db
