// Helm part of `npm run bench`: a large chart (60 templates, 2 subcharts, helpers, include, toYaml,
// tpl, range) is (a) rendered and linted by `kubeharden lint CHART`, and (b) its pre-rendered output
// (`kubeharden render CHART`, written to one file) is linted by `kubeharden lint FILE`. Reports both
// and the ratio a/b (bar: < 5).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function writeChart(dir, name, templates) {
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
  const values = {
    image: { repository: `registry.example.com/${name}`, tag: '1.2.3' },
    replicas: 2,
    podAnnotation: '{{ .Release.Name }}-pod',
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } },
    env: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`VAR_${i}`, `value-${i}`])),
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
  writeFileSync(join(dir, 'values.yaml'), JSON.stringify(values, null, 2));
  writeFileSync(
    join(dir, 'templates/_helpers.tpl'),
    `{{- define "${name}.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "${name}.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}
`,
  );
  for (let i = 0; i < templates; i++) {
    const kind = i % 3;
    const body =
      kind === 0
        ? `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${name}.fullname" . }}-${i}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      app: ${name}-${i}
  template:
    metadata:
      labels:
        app: ${name}-${i}
      annotations:
        owner: {{ tpl .Values.podAnnotation . | quote }}
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`
        : kind === 1
          ? `apiVersion: v1
kind: Service
metadata:
  name: {{ include "${name}.fullname" . }}-${i}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  selector:
    app: ${name}-${i}
  ports:
    - port: 80
      targetPort: 8080
`
          : `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "${name}.fullname" . }}-${i}
data:
  {{- range $k, $v := .Values.env }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
`;
    writeFileSync(join(dir, `templates/t${i}.yaml`), body);
  }
}

/** Writes the bench chart under `dir`; returns its folder. */
export function generateChart(dir) {
  const chart = join(dir, 'bigchart');
  writeChart(chart, 'bigchart', 60);
  writeChart(join(chart, 'charts/suba'), 'suba', 8);
  writeChart(join(chart, 'charts/subb'), 'subb', 8);
  return chart;
}

/** Runs the Helm bench with the caller's timing helpers. */
export function benchHelm({ dir, bin, runs, timeChild, median, fmt }) {
  const chart = generateChart(dir);
  const rendered = timeChild([bin, 'render', chart]);
  const file = join(dir, 'bigchart-rendered.yaml');
  writeFileSync(file, rendered.stdout);
  const docs = rendered.stdout.split(/^---$/m).length - 1;
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(timeChild([bin, 'lint', chart, '--format', 'json', '--fail-on', 'none']));
    b.push(timeChild([bin, 'lint', file, '--format', 'json', '--fail-on', 'none']));
  }
  const ma = median(a.map((r) => r.ms));
  const mb = median(b.map((r) => r.ms));
  const ca = median(a.map((r) => r.cpuMs));
  const cb = median(b.map((r) => r.cpuMs));
  console.log(`\nHelm: a chart of 76 templates (2 subcharts) rendering ${docs} documents`);
  console.log(
    `(a) kubeharden lint CHART (render + lint)   ${fmt(ma / 1000, 2)} s   CPU ${fmt(ca / 1000, 2)} s`,
  );
  console.log(
    `(b) kubeharden lint of the rendered output  ${fmt(mb / 1000, 2)} s   CPU ${fmt(cb / 1000, 2)} s`,
  );
  console.log(`ratio a/b: ${fmt(ma / mb, 2)} wall-clock, ${fmt(ca / cb, 2)} CPU time  (bar: < 5)`);
}
