"""Local face recognition: detection, alignment, embedding and advisory match scores.

The pure parts (ONNX reader, numpy runner, detector decoding, alignment, quality gate, score
mapping, model-file checks) import nothing from Home Assistant and only numpy at import time;
onnxruntime and OpenCV are imported lazily when a backend asks for them. `pipeline.FaceModels`
is the one entry point the HA glue uses.
"""
