// Go-style durations ("500ms", "1m30s") come from @keda-http/api, the project's one parser: the image map's
// startupDelay, the CLI's --hpa-sync-period and the echo image's ?delay= all use it. api is a leaf with no
// I/O, the one workspace package devcluster may import (eslint.config.js).
export { formatDuration, parseDuration } from '@keda-http/api';
