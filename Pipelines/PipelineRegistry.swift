// Named pipelines registered with run-pipeline.
