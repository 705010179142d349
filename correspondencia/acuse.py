"""El acuse de recibo de una carta entregada en ventanilla: para quien la trae, con nuestro número
`CE-` (y su código de barras), fecha y hora, remitente, asunto, folios y quién la recibió; y una
etiqueta con el número para pegar en el papel."""

from __future__ import annotations

from sqlmodel import Session

from archivo import Almacen, Constancia, paginas_de_pdf, pdf_de_constancia
from correspondencia.modelos import Correspondencia
from expedientes import ErrorDominio, Expediente, Usuario, fecha_hora, fecha_hora_larga


def folios_de_carta(almacen: Almacen, carta: Correspondencia) -> int:
    """Las páginas del escaneo (una imagen es un folio)."""
    return paginas_de_pdf(almacen.leer(carta.sha256)) or 1


def acuse_de_recibo(*, session: Session, almacen: Almacen, carta: Correspondencia) -> bytes:
    """El PDF del acuse y su etiqueta; solo para cartas recibidas en papel."""
    if carta.origen != "papel":
        raise ErrorDominio(
            f"{carta.numero} llegó por correo electrónico: el acuse de recibo es para las cartas "
            "entregadas en ventanilla."
        )
    quien = session.get(Usuario, carta.registrado_por_id) if carta.registrado_por_id else None
    expediente = session.get(Expediente, carta.expediente_id) if carta.expediente_id else None
    folios = folios_de_carta(almacen, carta)
    campos = [
        ("Recibida el", fecha_hora_larga(carta.recibido_en)),
        ("Remitente", carta.remitente or "—"),
        ("Asunto", carta.asunto or "—"),
        ("Su referencia", carta.referencia_remitente or "—"),
        ("Folios", str(folios)),
        ("Recibida por", quien.nombre_completo if quien else "—"),
    ]
    if expediente is not None:
        campos.append(("Expediente", expediente.numero))
    return pdf_de_constancia(
        Constancia(
            titulo="Acuse de recibo",
            numero=carta.numero,
            campos=campos,
            nota=(
                f"Conserve este acuse. Cite el número {carta.numero} en toda comunicación sobre "
                "esta carta; el plazo de respuesta corre desde el día hábil siguiente a su "
                "recepción."
            ),
            firmas=("Recibió (Departamento)", "Entregó"),
            etiquetas=(
                (carta.numero, (f"Recibida: {fecha_hora(carta.recibido_en)}", f"Folios: {folios}")),
            ),
        )
    )
