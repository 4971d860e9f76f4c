# The dutygraph API image (used by docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY loaders ./loaders
COPY graph ./graph
COPY api ./api
COPY visualizations ./visualizations
COPY samples ./samples
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["dutygraph", "serve", "--host", "0.0.0.0", "--port", "8000", "--load", "samples/zhejiang-keji-zhenggai.txt"]
