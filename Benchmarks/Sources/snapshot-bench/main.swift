// snapshot-bench: not written yet.
print("{\"status\": \"not implemented\"}")
