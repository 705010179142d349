"""Construye las seis plantillas `.docx` del catálogo con python-docx.

Uso: `.venv/bin/python scripts/construir-plantillas.py [--destino DIR]`

Escribe `aviso_cobro.docx`, `requerimiento_pago.docx`, `convenio_pago.docx`,
`anteproyecto_acuerdo.docx`, `oficio_respuesta.docx` y `traslado_juridica.docx` en
`plantillas/catalogo/` (o en DIR). Cada una va con su contrato `.toml`, escrito a mano junto a
ella: si aquí cambia una variable, un contenido obligatorio o el encabezado de una tabla, hay que
cambiar también el contrato y subir su versión.

Formato común: papel carta (8.5 × 11 pulgadas), márgenes de 2.5 cm, Arial 11 pt (LibreOffice la
sustituye por Liberation Sans, de métricas idénticas), membrete de texto en el encabezado de
página, y en el pie la dirección de la institución, la referencia y «Página X de Y».

La salida es reproducible: fechas de los metadatos y del ZIP fijas, mismo contenido byte a byte
en cada corrida. Las plantillas mismas están en el paquete `scripts/catalogo/`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from catalogo import PLANTILLAS

DESTINO = Path(__file__).resolve().parent.parent / "plantillas" / "catalogo"


def main() -> None:
    """Escribe cada plantilla del catálogo en la carpeta de destino."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destino", type=Path, default=DESTINO, help="carpeta de salida")
    args = parser.parse_args()
    args.destino.mkdir(parents=True, exist_ok=True)
    for nombre, construir in PLANTILLAS.items():
        ruta = args.destino / f"{nombre}.docx"
        construir().guardar(ruta)
        print(f"escrita {ruta}")


if __name__ == "__main__":
    main()
