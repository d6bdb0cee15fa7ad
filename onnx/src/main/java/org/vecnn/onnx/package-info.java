/**
 * ONNX import and export for vecnn models: {@link org.vecnn.onnx.OnnxFormat}, registered as a
 * {@link org.vecnn.model.ModelFormat}, so that {@link org.vecnn.model.Model#load(java.nio.file.Path)} and
 * {@link org.vecnn.model.Model#save(java.nio.file.Path)} handle {@code .onnx} files. The protobuf classes of
 * the ONNX schema subset ({@code src/main/proto/onnx.proto}) are generated at build time into
 * {@code org.vecnn.onnx.internal.proto}, which is not part of the api.
 */
package org.vecnn.onnx;
