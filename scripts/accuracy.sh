#!/usr/bin/env bash
# Progressive-validation quality of `run-pipeline evaluate` (its defaults: adaptive optimizer, 22 bits) on the
# four streams of the peer benchmark harness, one JSON line per dataset, to set beside the peers' figures.
#
#   scripts/accuracy.sh DATA_DIR     # DATA_DIR holds phishing.jsonl, trump_approval.jsonl, dense.jsonl, ctr.jsonl
#
# The features are the ones the peers get: every field of the stream but the id, the time and the label (ctr
# also takes the user key, hashed like the other categorical fields; the decorative fields of dense are left
# out as they are for the peers' learners).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: scripts/accuracy.sh DATA_DIR}
for dataset in phishing trump_approval dense ctr; do
    if [ ! -r "$data/$dataset.jsonl" ]; then
        echo "accuracy.sh: $data/$dataset.jsonl not found (generate the streams with the peer harness's gen_data.py)" >&2
        exit 2
    fi
done
swift build -c release --product run-pipeline >/dev/null
run=.build/release/run-pipeline

flags() {  # flags KIND FIELD...
    local kind=$1
    shift
    for field in "$@"; do printf -- '--%s %s ' "$kind" "$field"; done
}

evaluate() {  # evaluate DATASET ARGS...
    local dataset=$1
    shift
    printf '%-15s ' "$dataset"
    "$run" evaluate --input "$data/$dataset.jsonl" --target label --json "$@" 2>/dev/null | tail -n 1
}

evaluate phishing $(flags numeric empty_server_form_handler popup_window https request_from_other_domain \
    anchor_from_other_domain is_popular long_url age_of_domain ip_in_url)
evaluate trump_approval --model linear $(flags numeric ordinal_date gallup ipsos morning_consult rasmussen you_gov)
evaluate dense $(flags numeric x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14 x15 x16 x17 x18 x19)
evaluate ctr $(flags categorical site app publisher ad campaign advertiser creative device_model os geo key)
