// Entry point named in the Dockerfile and k8s manifests; index.ts does the wiring.
import './index.js';
