/**
 * The templates `npm run test:packer-current` builds (run.ts). Component names are Packer ≥ 1.7's
 * for an installed multi-component plugin `packer-plugin-tsset`: `tsset-COMPONENT`.
 */

/** The full pipeline: datasource → builder (+ shell-local, TS provisioner) → TS post-processor, manifest. */
export function mainTemplate(manifest: string): string {
  return `data "tsset-greet" "g" {
  name = "packer eleven"
}

source "tsset-hello" "example" {
  greeting    = data.tsset-greet.g.greeting
  artifact_id = "current-artifact"
  tags        = data.tsset-greet.g.words
  labels      = { k = "v" }
  count       = 3
}

build {
  sources = ["source.tsset-hello.example"]
  provisioner "shell-local" {
    inline = ["echo provisioned-by-shell-local \${data.tsset-greet.g.big} \${data.tsset-greet.g.nested.sizes[1]}"]
  }
  provisioner "tsset-say" {
    message = "hello from hcl"
  }
  post-processor "tsset-rename" {
    suffix = "-renamed"
  }
  post-processor "manifest" {
    output = ${JSON.stringify(manifest)}
  }
}
`;
}

/** A small HCL2 template with one extra line in the data, source or provisioner block. */
export function templateWith(extra: { data?: string; source?: string; provisioner?: string }): string {
  return `data "tsset-greet" "g" {
  ${extra.data ?? 'name = "ok"'}
}

source "tsset-hello" "example" {
  greeting = data.tsset-greet.g.greeting
  ${extra.source ?? ''}
}

build {
  sources = ["source.tsset-hello.example"]
  provisioner "tsset-say" {
    ${extra.provisioner ?? 'message = "fine"'}
  }
}
`;
}

/** A build whose TS builder waits for Packer's cancel. */
export function cancelTemplate(): string {
  return templateWith({ source: 'wait_for_cancel = true' });
}

/** A JSON template (Packer still reads them) with the installed TS builder. */
export const JSON_TEMPLATE = JSON.stringify({
  builders: [{ type: 'tsset-hello', greeting: 'json', artifact_id: 'json-artifact' }],
  provisioners: [{ type: 'shell-local', inline: ['echo provisioned-json'] }],
  'post-processors': [{ type: 'manifest', output: 'json-manifest.json' }],
});
