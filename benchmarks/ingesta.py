"""Rendimiento de la ingesta de correo: `recupera correspondencia poll --once` contra un Dovecot
real con N mensajes, cada uno con un PDF pequeño.

Línea base medida en la misma corrida, sobre una copia idéntica del buzón: el trabajo desnudo
(imapclient fetch con BODY.PEEK[] + análisis MIME de la biblioteca estándar + sha256 + escribir el
mensaje y su adjunto a archivos, sin fsync), la mejor de tres corridas. Recupera además guarda
cada blob con fsync (archivo y carpeta), numera, vincula y audita en la base. Uso:

    .venv/bin/python benchmarks/ingesta.py [--mensajes 2000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import email
import hashlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
from email import policy
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from migraciones import aplicar_migraciones
from tests.correspondencia.corpus import mensaje, pdf_minimo
from tests.dovecot import Dovecot

RAIZ = Path(__file__).resolve().parents[1]


def mensajes(n: int) -> list[bytes]:
    """N cartas realistas, cada una con un PDF de una página."""
    return [
        mensaje(
            asunto=f"Solicitud de convenio Nº {i} — Panadería Ñandú & Hijos",
            cuerpo=f"Estimados señores:\nAdjunto la solicitud del patrono {310000000 + i}.\n",
            adjuntos=[
                (f"solicitud-{i}.pdf", "application/pdf", pdf_minimo(f"Solicitud {i} NIT & otros"))
            ],
        )
        for i in range(n)
    ]


def linea_base(dovecot: Dovecot, usuario: str, destino: Path) -> float:
    """Segundos del trabajo desnudo: traer, analizar, sha256 y escribir a disco."""
    destino.mkdir(parents=True)
    inicio = time.perf_counter()
    with dovecot.cliente(usuario) as c:
        c.select_folder("INBOX")
        uids = c.search(["ALL"])
        for i in range(0, len(uids), 100):
            for uid, datos in c.fetch(uids[i : i + 100], ["BODY.PEEK[]"]).items():
                crudo = datos[b"BODY[]"]
                msg = email.message_from_bytes(crudo, policy=policy.default)
                sha = hashlib.sha256(crudo).hexdigest()
                (destino / f"{sha}.eml").write_bytes(crudo)
                for parte in msg.iter_attachments():
                    contenido = parte.get_content()
                    nombre = hashlib.sha256(contenido).hexdigest()
                    (destino / nombre).write_bytes(contenido)
                assert uid
    return time.perf_counter() - inicio


def recupera(dovecot: Dovecot, usuario: str, datos: Path, url: str) -> tuple[float, str]:
    """Segundos de `recupera correspondencia poll --once` (proceso completo) y su salida."""
    entorno = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RECUPERA_")},
        "RECUPERA_ENV": "development",
        "RECUPERA_DATA_DIR": str(datos),
        "RECUPERA_DATABASE_URL": url,
        "RECUPERA_IMAP_HOST": dovecot.host,
        "RECUPERA_IMAP_PORT": str(dovecot.puerto),
        "RECUPERA_IMAP_USER": usuario,
        "RECUPERA_IMAP_PASSWORD": dovecot.contrasena(usuario),
        "RECUPERA_IMAP_SSL": "false",
    }
    inicio = time.perf_counter()
    proceso = subprocess.run(
        [str(RAIZ / ".venv" / "bin" / "recupera"), "correspondencia", "poll", "--once"],
        env=entorno,
        capture_output=True,
        text=True,
        check=False,
    )
    segundos = time.perf_counter() - inicio
    if proceso.returncode != 0:
        raise SystemExit(f"poll --once falló:\n{proceso.stdout}\n{proceso.stderr}")
    return segundos, proceso.stdout.strip()


def base_de_datos(tmp: Path, postgres: str | None) -> str:
    """Un SQLite nuevo, o un esquema nuevo en el PostgreSQL indicado; migrado."""
    if not postgres:
        url = f"sqlite:///{tmp / 'recupera.db'}"
    else:
        esquema = f"bench_{secrets.token_hex(4)}"
        with create_engine(postgres).begin() as c:
            c.execute(text(f'CREATE SCHEMA "{esquema}"'))
        url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{esquema}"
    aplicar_migraciones(url)
    return url


def main() -> None:
    """Mide y muestra ambas cifras y su razón."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mensajes", type=int, default=2000)
    p.add_argument("--postgres", default=None, help="URL de PostgreSQL (por omisión, SQLite)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="recupera-bench-") as carpeta:
        tmp = Path(carpeta)
        lote = mensajes(args.mensajes)
        with Dovecot(tmp / "dovecot") as dovecot:
            base_usuario, rec_usuario = dovecot.nuevo_usuario("base"), dovecot.nuevo_usuario("rec")
            dovecot.agregar_muchos(lote, usuario=base_usuario)
            dovecot.agregar_muchos(lote, usuario=rec_usuario)
            url = base_de_datos(tmp, args.postgres)
            # La mejor de tres: la línea base es corta y el disco de esta máquina, ruidoso.
            t_base = min(linea_base(dovecot, base_usuario, tmp / f"base{i}") for i in range(3))
            t_rec, salida = recupera(dovecot, rec_usuario, tmp / "datos", url)
    motor = "PostgreSQL" if args.postgres else "SQLite"
    n = args.mensajes
    print(f"Ingesta de {n} mensajes con PDF adjunto ({motor}); salida: {salida.splitlines()[-1]}")
    print(
        f"  línea base (fetch + parse + sha256 + archivos, mejor de 3): {t_base:6.2f} s  "
        f"{n / t_base:5.0f} msg/s"
    )
    print(
        f"  recupera correspondencia poll --once:                       {t_rec:6.2f} s  "
        f"{n / t_rec:5.0f} msg/s"
    )
    print(f"  razón: {t_rec / t_base:.1f}× la línea base")


if __name__ == "__main__":
    main()
