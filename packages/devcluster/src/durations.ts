// Go-style durations ("500ms", "1m30s") come from @keda-http/api, the project's one parser: the image map's
// startupDelay, the CLI's --hpa-sync-period and the echo image's ?delay= all use it. This is devcluster's only
// import of a workspace package (a leaf with no I/O); eslint's dependency rule for devcluster does not list it
// yet, hence the exemption here and nowhere else.
// eslint-disable-next-line no-restricted-imports -- reuse parseDuration instead of writing a second parser
export { formatDuration, parseDuration } from '@keda-http/api';
