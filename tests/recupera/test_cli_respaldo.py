"""`recupera backup`: crear, verificar (1 ante un blob alterado, que nombra), restaurar en una
carpeta nueva (que después `recupera archivo verify` da por buena) y podar, en español."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import create_engine

from archivo import almacen_de
from correspondencia import OrigenCarta, preparar_correo, registrar_carta
from expedientes import Actor, ahora
from tests.bd import sesion
from tests.correspondencia.corpus import mensaje
from tests.recupera.archivo import REGLAS
from tests.recupera.test_cli import Ejecutar, entorno, recupera

__all__ = ["entorno", "recupera"]


def test_backup_create_verify_restore_y_prune(
    recupera: Ejecutar, url_bd: str, tmp_path: Path
) -> None:
    """Dos cartas; la copia las lleva con sus .eml; un blob alterado hace fallar verify con su
    nombre; restaurar la copia intacta deja una instalación que se verifica sola."""
    engine = create_engine(url_bd)
    for n in range(2):
        preparado = preparar_correo(mensaje(asunto=f"Planilla «{n}» & <Cía>", message_id=f"<c{n}@x.sv>"),
                                    almacen=almacen_de(tmp_path / "datos"))  # fmt: skip
        with sesion(engine, Actor("prueba:cli")) as s:
            registrar_carta(session=s, preparado=preparado, reglas=REGLAS, recibido_en=ahora(),
                            origen=OrigenCarta("carpeta", nombre_archivo=f"{n}.eml"))  # fmt: skip
    engine.dispose()
    copias = tmp_path / "copias"
    creada = recupera("backup", "create", str(copias))
    assert creada.exit_code == 0, creada.output
    assert "2 blobs (2 nuevos" in creada.output
    verificada = recupera("backup", "verify", str(copias))
    assert verificada.exit_code == 0 and "2 blobs revisados; correcta." in verificada.output

    otra = recupera("backup", "create", str(copias))
    assert "2 blobs (0 nuevos" in otra.output
    restaurada = recupera("backup", "restore", str(copias), "--data-dir", str(tmp_path / "nueva"))
    assert restaurada.exit_code == 0, restaurada.output
    assert "Restaurada:" in restaurada.output and (tmp_path / "nueva" / "recupera.db").exists()

    blob = next((copias / "blobs").glob("*/*"))
    blob.chmod(0o644)
    blob.write_bytes(b"alterado")
    mala = recupera("backup", "verify", str(copias))
    assert mala.exit_code == 1 and f"El blob {blob.name} está alterado." in mala.output
    podada = recupera("backup", "prune", str(copias), "--diarias", "1", "--semanales", "0")
    assert podada.exit_code == 0 and "Quedan 1 copias; se borraron 1" in podada.output


def test_db_upgrade_en_produccion_hace_la_copia_antes_o_no_migra(
    recupera: Ejecutar, entorno: object, url_bd: str, tmp_path: Path
) -> None:
    """Con una migración pendiente y sin carpeta de copias: no migra y dice qué hacer; con
    RECUPERA_RESPALDO_DIR: hace la copia, la nombra y migra."""
    from alembic import command

    from migraciones import configuracion, revision_actual, ultima_revision

    command.downgrade(configuracion(url_bd), "0013")
    entorno.setenv("RECUPERA_ENV", "production")  # type: ignore[attr-defined]
    entorno.setenv("RECUPERA_SECRET_KEY", secrets.token_hex(32))  # type: ignore[attr-defined]
    sin_carpeta = recupera("db", "upgrade")
    assert sin_carpeta.exit_code == 1
    assert "en producción se hace una copia de respaldo antes de migrar" in sin_carpeta.output
    assert revision_actual(url_bd) == "0013"
    entorno.setenv("RECUPERA_RESPALDO_DIR", str(tmp_path / "copias"))  # type: ignore[attr-defined]
    con_copia = recupera("db", "upgrade")
    assert con_copia.exit_code == 0, con_copia.output
    assert "Copia de respaldo antes de migrar:" in con_copia.output
    assert revision_actual(url_bd) == ultima_revision()
    (copia,) = (tmp_path / "copias").glob("2*")
    assert '"revision": "0013"' in (copia / "manifiesto.json").read_text()
