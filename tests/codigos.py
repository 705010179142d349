"""Leer los códigos de barras de un PDF como lo haría un lector: cada página a imagen con
`pdftoppm` (poppler-utils) y cada franja de la página que puede ser un código, por separado, con
`zbarimg` (zbar-tools), ambos de Debian e instalados por `scripts/instalar-sistema.sh pruebas`.

Por franjas porque zbar informa una sola vez dos códigos iguales de la misma imagen (el del acuse
y el de su etiqueta recortable): así se comprueba que cada uno se lee por sí solo.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

PPP = 200  # puntos por pulgada al pasar la página a imagen
# Un Code 128 de 26 a 28 puntos de alto mide más de 70 píxeles; una línea de texto, menos de 50.
ALTO_MINIMO = 60


def _franjas(imagen: Image.Image) -> list[tuple[int, int]]:
    """Los tramos de filas seguidas con algo dibujado, de al menos ALTO_MINIMO píxeles."""
    gris = imagen.convert("L")
    ancho, alto = gris.size
    datos = gris.tobytes()
    tramos, inicio = [], None
    for y in range(alto + 1):
        oscura = y < alto and min(datos[y * ancho : (y + 1) * ancho]) < 128
        if oscura and inicio is None:
            inicio = y
        elif not oscura and inicio is not None:
            if y - inicio >= ALTO_MINIMO:
                tramos.append((inicio, y))
            inicio = None
    return tramos


def _leer(imagen: Path) -> list[str]:
    leido = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Scode128.enable", str(imagen)],
        capture_output=True,
        text=True,
    )
    assert leido.returncode in (0, 4), leido.stderr  # 4: la imagen no tiene ningún código
    return [linea for linea in leido.stdout.splitlines() if linea]


def codigos_de_barras(pdf: Path) -> list[str]:
    """Los textos de los Code 128 del PDF, de arriba abajo y página por página."""
    with tempfile.TemporaryDirectory() as carpeta:
        subprocess.run(
            ["pdftoppm", "-r", str(PPP), "-png", str(pdf), f"{carpeta}/pagina"],
            check=True,
            capture_output=True,
        )
        codigos: list[str] = []
        for ruta in sorted(Path(carpeta).glob("pagina*.png")):
            with Image.open(ruta) as pagina:
                for n, (arriba, abajo) in enumerate(_franjas(pagina)):
                    franja = Image.new("L", (pagina.width, abajo - arriba + 40), 255)
                    franja.paste(
                        pagina.convert("L").crop((0, arriba, pagina.width, abajo)), (0, 20)
                    )
                    destino = Path(carpeta) / f"{ruta.stem}-franja{n}.png"
                    franja.save(destino)
                    codigos += _leer(destino)
    return codigos
