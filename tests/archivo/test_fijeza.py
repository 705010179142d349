"""La verificación completa relee cada blob que la base nombra, no solo los documentos de los
expedientes sellados: un byte cambiado en el adjunto de una carta registrada se nota, y se dice
de qué carta es."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from archivo import Almacen, verificar_archivo
from correspondencia import OrigenCarta, ReglasDePlazo, preparar_correo, registrar_carta
from expedientes import ahora
from tests.archivo.casos import alterar_blob
from tests.correspondencia.corpus import mensaje, pdf_minimo


def test_un_byte_cambiado_en_un_adjunto_se_nombra_por_su_carta(
    session: Session, tmp_path: Path
) -> None:
    """Una carta con un PDF adjunto: todo bien; se altera el adjunto y se borra el original: la
    verificación completa nombra los dos por lo que son; la de un expediente no los mira."""
    almacen = Almacen(tmp_path / "blobs")
    crudo = mensaje(asunto="Planilla «2026» & <Cía>",
                    adjuntos=[("planilla ñ.pdf", "application/pdf", pdf_minimo("Planilla 2026"))])  # fmt: skip
    carta = registrar_carta(session=session, preparado=preparar_correo(crudo, almacen=almacen),
                            origen=OrigenCarta("carpeta", nombre_archivo="p.eml"),
                            recibido_en=ahora(), reglas=ReglasDePlazo(10, {}))  # fmt: skip
    session.flush()
    limpio = verificar_archivo(session=session, almacen=almacen)
    assert limpio.problemas == [] and limpio.blobs >= 2
    adjunto = next(b for b in (tmp_path / "blobs").glob("*/*") if b.name != carta.sha256)
    alterar_blob(almacen, adjunto.name)
    original = almacen.ruta(carta.sha256)
    original.chmod(0o644)
    original.unlink()
    informe = verificar_archivo(session=session, almacen=almacen)
    assert informe.problemas == [
        f"Falta el original de la carta {carta.numero} (blob {carta.sha256[:12]}…).",
        f"Está alterado el archivo «planilla ñ.pdf» de la carta {carta.numero} "
        f"(blob {adjunto.name[:12]}…).",
    ]
