{
  "variables": {
    "cuda_home%": "/usr/local/cuda",
    "nvcc%": "<(cuda_home)/bin/nvcc",
    "cuda_arch_flags%": "-gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90"
  },
  "targets": [
    {
      "target_name": "tg_cuda",
      "sources": ["native/addon.cc", "native/runtime.cu", "native/kernels.cu"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "libraries": ["<(cuda_home)/lib64/libcudart_static.a", "-ldl", "-lpthread", "-lrt"],
      "rules": [
        {
          "rule_name": "nvcc",
          "extension": "cu",
          "inputs": ["native/tg_cuda.h", "native/tg_device.h", "native/tg_index.h"],
          "outputs": ["<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).o"],
          "action": [
            "<(nvcc)", "-c", "-O3", "-std=c++17", "-Xcompiler", "-fPIC",
            "<@(cuda_arch_flags)",
            "-Inative", "<(RULE_INPUT_PATH)", "-o", "<@(_outputs)"
          ],
          "message": "nvcc <(RULE_INPUT_PATH)",
          "process_outputs_as_sources": 1
        }
      ]
    }
  ]
}
