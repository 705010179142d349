"""Copias de respaldo como fallarán: hechas mientras se registran cartas, restauradas en una
instalación vacía (también de SQLite a PostgreSQL), con todo lo confirmado antes de la copia,
ningún blob ausente, el sello verificable y la numeración y la bitácora siguiendo sin huecos ni
repeticiones. Una copia alterada se nombra archivo por archivo y no se restaura."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from archivo import almacen_de, verificar_archivo
from correspondencia import Correspondencia, OrigenCarta, preparar_correo, registrar_carta
from expedientes import (
    ZONA_LOCAL,
    Actor,
    Auditoria,
    ErrorDominio,
    Expediente,
    abrir_expediente,
    ahora,
    crear_engine,
)
from plantillas import DocumentoGenerado, Parametros, redactar
from recupera.composicion import CorrespondenciaDeRecupera
from respaldo import (
    InformeCopia,
    InformePoda,
    copias_en,
    copias_que_quedan,
    crear_copia,
    podar,
    restaurar_copia,
    verificar_copia,
)
from tests.bd import sesion
from tests.conftest import esquema_vacio
from tests.correspondencia.corpus import mensaje
from tests.plantillas.conftest import crear_caso
from tests.recupera.archivo import REGLAS, archivable, sellar

ACTOR = Actor("prueba:respaldo")
ASUNTO = "Solicitud «{n}» de Pérez & Cía <S.A.> {{{{ x }}}}"


def _registrar(engine: Engine, datos: Path, n: int) -> str:
    """Registra una carta por correo (su .eml queda en el almacén); su número."""
    preparado = preparar_correo(mensaje(asunto=ASUNTO.format(n=n), message_id=f"<r{n}@x.sv>"),
                                almacen=almacen_de(datos))  # fmt: skip
    with sesion(engine, ACTOR) as s:
        carta = registrar_carta(session=s, preparado=preparado, reglas=REGLAS, recibido_en=ahora(),
                                origen=OrigenCarta("carpeta", nombre_archivo=f"{n}.eml"))  # fmt: skip
        return carta.numero


@contextmanager
def _destino_vacio(motor: str, tmp_path: Path) -> Iterator[str]:
    """Una base vacía del motor (SQLite en un archivo nuevo; un esquema nuevo en PostgreSQL)."""
    if motor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restaurada.db'}"
        return
    with esquema_vacio("restaurada") as url:
        yield url


def _cifra(numero: str) -> int:
    """La cifra de un número `SERIE-AAAA-NNNNNN` (o `EXP-AAAA-NNNNN`)."""
    return int(numero.rsplit("-", 1)[1])


def _numeros(engine: Engine) -> set[str]:
    with sesion(engine, ACTOR) as s:
        return set(s.exec(select(Correspondencia.numero)).scalars())  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "destino", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_una_copia_en_linea_se_restaura_entera_y_todo_sigue(
    engine: Engine, tmp_path: Path, destino: str
) -> None:
    """Mientras un hilo registra cartas y genera de nuevo un aviso, dos copias; la segunda copia
    solo los blobs nuevos; se restaura en otro motor vacío con lo confirmado antes de empezarla,
    cada blob (cartas, el borrador y sus versiones) y el sello."""
    datos, copias = tmp_path / "datos", tmp_path / "copias"
    p = Parametros(almacen=almacen_de(datos), tasa_recargo=Decimal("0.01"), lugar="San Salvador",
                   convertir_pdf=lambda docx, _textos: docx,
                   correspondencia=CorrespondenciaDeRecupera("isss.gob.sv"))  # fmt: skip
    with sesion(engine, ACTOR) as s:
        caso = crear_caso(s, p.almacen)
    sellar(engine, datos, archivable(engine, datos), caso.jefe)
    confirmadas: list[tuple[str, float]] = []
    borradores: list[str] = []
    parar = threading.Event()

    def escribir() -> None:
        n = 0
        while not parar.is_set() or n < 5:
            confirmadas.append((_registrar(engine, datos, n), time.monotonic()))
            if n % 2 == 0:  # y, entre carta y carta, el aviso del caso generado de nuevo
                with sesion(engine, ACTOR) as s:
                    borradores.append(redactar(
                        session=s, p=p, expediente=s.merge(caso.expediente), plantilla="aviso_cobro",
                        datos={"corte": "2026-11-30", "plazo_dias": str(10 + n % 5)},
                        autor=s.merge(caso.gestor), hoy=date(2026, 12, 1),
                    ).docx_sha256)  # fmt: skip
            n += 1

    previas = _numeros(engine)  # la carta del caso
    hilo = threading.Thread(target=escribir)
    hilo.start()
    while len(confirmadas) < 5:
        time.sleep(0.01)
    primera = crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias)
    inicio = time.monotonic()
    segunda = crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias)
    parar.set()
    hilo.join(30)
    assert primera.blobs_nuevos == primera.blobs and 0 < segunda.blobs_nuevos < segunda.blobs
    assert verificar_copia(segunda.carpeta).correcta

    with _destino_vacio(destino, tmp_path) as url:
        restaurar_copia(carpeta=segunda.carpeta, data_dir=tmp_path / "nueva", url=url)
        nueva = crear_engine(url)
        try:
            restauradas = _numeros(nueva)
            antes = previas | {numero for numero, cuando in confirmadas if cuando < inicio}
            assert antes <= restauradas <= previas | {numero for numero, _ in confirmadas}
            assert len(restauradas) == segunda.filas["correspondencia"]
            with sesion(nueva, ACTOR) as s:
                informe = verificar_archivo(session=s, almacen=almacen_de(tmp_path / "nueva"))
                assert informe.problemas == [] and informe.sellos == 1
                assert informe.blobs > len(restauradas)  # cartas, borradores y sus versiones
                (aviso,) = s.exec(select(DocumentoGenerado)).scalars()  # type: ignore[call-overload]
                assert aviso.docx_sha256 in borradores
                ultima_bitacora = s.exec(select(func.max(Auditoria.id))).one()[0]  # type: ignore[call-overload]
            # Sin huecos: lo confirmado antes de la copia es un tramo entero de la numeración, y
            # cada carta restaurada trae su alta en la bitácora.
            cifras = sorted(int(n[-6:]) for n in restauradas)
            assert cifras == list(range(cifras[0], cifras[-1] + 1))
            with sesion(nueva, ACTOR) as s:
                ids = set(s.exec(select(Correspondencia.id)).scalars())  # type: ignore[call-overload]
                auditadas = set(s.exec(select(Auditoria.entidad_id).where(  # type: ignore[call-overload]
                    Auditoria.entidad == "correspondencia", Auditoria.accion == "crear")).scalars())  # fmt: skip
                ultimo_doc = max(map(_cifra, s.exec(select(DocumentoGenerado.numero)).scalars()))  # type: ignore[call-overload]
                ultimo_exp = max(map(_cifra, s.exec(select(Expediente.numero)).scalars()))  # type: ignore[call-overload]
            assert {str(i) for i in ids} <= auditadas
            # Y todo sigue donde iba: la carta, el expediente y el documento siguientes toman el
            # número que sigue al último restaurado; la bitácora agrega después de lo restaurado.
            siguiente = _registrar(nueva, tmp_path / "nueva", 999)
            assert int(siguiente[-6:]) == cifras[-1] + 1
            pn = replace(p, almacen=almacen_de(tmp_path / "nueva"))
            with sesion(nueva, ACTOR) as s:
                otro = abrir_expediente(session=s, numero_patronal="310145678", tipo="cobro",
                                        hoy=date(2026, 12, 2), gestor=s.merge(caso.gestor))  # fmt: skip
                documento = redactar(
                    session=s, p=pn, expediente=otro, plantilla="aviso_cobro",
                    datos={"corte": "2026-11-30", "plazo_dias": "10"}, autor=s.merge(caso.gestor),
                    hoy=date(2026, 12, 2),
                )  # fmt: skip
                nuevos = s.exec(select(Auditoria.id).where(Auditoria.id > ultima_bitacora)).all()  # type: ignore[call-overload, operator]
            assert _cifra(otro.numero) == ultimo_exp + 1
            assert _cifra(documento.numero) == ultimo_doc + 1
            assert nuevos, "la bitácora sigue después de lo restaurado"
        finally:
            nueva.dispose()


def test_una_copia_alterada_se_nombra_y_no_se_restaura(engine: Engine, tmp_path: Path) -> None:
    """Un blob cambiado, otro borrado y un archivo de datos rehecho: verificar nombra los tres y
    restaurar se niega con la lista; tampoco restaura sobre una carpeta que no está vacía."""
    datos, copias = tmp_path / "datos", tmp_path / "copias"
    for n in range(3):
        _registrar(engine, datos, n)
    copia = crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias).carpeta
    blobs = sorted((copias / "blobs").glob("*/*"))
    cambiado, borrado = blobs[0], blobs[1]
    cambiado.chmod(0o644)
    cambiado.write_bytes(cambiado.read_bytes()[:-1] + b"X")
    borrado.unlink()
    with gzip.open(copia / "datos" / "correspondencia.jsonl.gz", "wt") as f:
        f.write('{"numero": "CE-2026-000001"}\n')
    problemas = verificar_copia(copia).problemas
    assert len(problemas) == 3 and set(problemas) == {
        "El archivo de datos de la tabla «correspondencia» está alterado.",
        f"El blob {cambiado.name} está alterado.",
        f"Falta el blob {borrado.name}.",
    }
    with pytest.raises(ErrorDominio) as rechazo:
        restaurar_copia(
            carpeta=copia, data_dir=tmp_path / "nueva", url=f"sqlite:///{tmp_path / 'x.db'}"
        )
    assert set(rechazo.value.problemas) == set(problemas)
    assert not (tmp_path / "nueva").exists()

    limpia = crear_copia(
        engine=engine, almacen=almacen_de(datos), destino=tmp_path / "otra"
    ).carpeta
    (tmp_path / "ocupada").mkdir()
    (tmp_path / "ocupada" / "algo.txt").write_text("no se pisa")
    with pytest.raises(ErrorDominio, match="el destino debe estar vacío") as ocupado:
        restaurar_copia(carpeta=limpia, data_dir=tmp_path / "ocupada", url=str(engine.url))
    assert ocupado.value.problemas == [
        f"La carpeta de datos {tmp_path / 'ocupada'} no está vacía.",
        "La base de datos de destino ya tiene tablas.",
    ]


def test_la_retencion_guarda_dias_y_semanas_y_borra_los_blobs_huerfanos(tmp_path: Path) -> None:
    """De 40 días de copias (dos por día) quedan la última de los 7 últimos días y la de las 4
    últimas semanas; los blobs que solo nombraban las borradas se van."""
    nombres = [f"202611{d:02d}-0{h}0000" for d in range(1, 31) for h in (1, 2)]
    nombres += [f"202612{d:02d}-0{h}0000" for d in range(1, 11) for h in (1, 2)]
    copias = [tmp_path / n for n in nombres]
    quedan = sorted(c.name for c in copias_que_quedan(copias, 7, 4))
    assert quedan[-7:] == [f"202612{d:02d}-020000" for d in range(4, 11)]
    semanas = {datetime.strptime(n[:8], "%Y%m%d").isocalendar()[:2] for n in quedan}
    assert len(quedan) == len(set(quedan)) and len(semanas) == 4 and len(quedan) <= 11


def test_podar_borra_las_copias_viejas_y_solo_los_blobs_que_ya_nadie_nombra(
    engine: Engine, tmp_path: Path
) -> None:
    """Dos copias de días distintos con una diaria: queda la nueva y sus blobs, también los que
    compartía con la vieja; el blob que solo la vieja nombraba se borra."""
    datos, copias = tmp_path / "datos", tmp_path / "copias"
    _registrar(engine, datos, 1)
    vieja = crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias).carpeta
    vieja = vieja.rename(copias / "20261101-010000")
    solo_de_la_vieja = next((copias / "blobs").glob("*/*"))
    almacen_de(datos).ruta(solo_de_la_vieja.name).chmod(0o644)
    almacen_de(datos).ruta(solo_de_la_vieja.name).unlink()  # ya no está en el almacén
    with sesion(engine, ACTOR) as s:
        s.execute(text("DELETE FROM adjunto"))
        s.execute(text("DELETE FROM correspondencia"))
    _registrar(engine, datos, 2)
    nueva = crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias).carpeta
    informe = podar(copias, diarias=1, semanales=0)
    assert informe.borradas == ["20261101-010000"] and informe.conservadas == [nueva.name]
    assert informe.blobs_borrados == 1 and not solo_de_la_vieja.exists()
    assert [c.name for c in copias_en(copias)] == [nueva.name]
    assert verificar_copia(nueva).correcta


def test_copiar_y_podar_se_esperan_y_la_poda_borra_los_restos_de_una_copia_interrumpida(
    engine: Engine, tmp_path: Path
) -> None:
    """Mientras otro tiene la carpeta (una copia en curso), ni la poda ni otra copia empiezan: la
    poda no borra los blobs que esa copia dio por presentes. Después, la poda borra la carpeta
    `.parcial` y el blob `.tmp` que dejó una copia interrumpida, y nada de las terminadas."""
    from respaldo.formato import carpeta_bloqueada

    datos, copias = tmp_path / "datos", tmp_path / "copias"
    _registrar(engine, datos, 1)
    primera = crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias).carpeta
    (copias / ".20261101-010000.parcial" / "datos").mkdir(parents=True)
    (copias / "blobs" / "ab").mkdir(exist_ok=True)
    (copias / "blobs" / "ab" / f".{'ab' * 32}.tmp").write_bytes(b"a medias")
    podas: list[InformePoda] = []
    hechas: list[InformeCopia] = []
    with carpeta_bloqueada(copias):
        hilos = [
            threading.Thread(target=lambda: podas.append(podar(copias))),
            threading.Thread(target=lambda: hechas.append(
                crear_copia(engine=engine, almacen=almacen_de(datos), destino=copias))),
        ]  # fmt: skip
        for hilo in hilos:
            hilo.start()
        time.sleep(0.5)
        assert all(h.is_alive() for h in hilos) and podas == hechas == []
    for hilo in hilos:
        hilo.join(30)
    (poda,), (segunda,) = podas, hechas
    assert poda.restos_borrados == 2  # antes o después de la copia
    assert not (copias / ".20261101-010000.parcial").exists()
    assert not list((copias / "blobs").glob("*/.*.tmp"))
    # Si la poda corrió después de la segunda copia, la primera (del mismo día) ya no se guarda;
    # la que queda está entera: ningún blob suyo se borró.
    quedan = copias_en(copias)
    assert quedan in ([primera, segunda.carpeta], [segunda.carpeta])
    assert poda.borradas == [c.name for c in [primera] if c not in quedan]
    assert all(verificar_copia(c).correcta for c in quedan)


def test_la_copia_programada_toca_una_vez_al_dia_desde_su_hora(tmp_path: Path) -> None:
    """A las 2:00 locales: antes de la hora no; sin copias, sí; con la de ayer, sí; con la de hoy
    (hecha a las 2:05 locales, 8:05 UTC), no; al día siguiente, otra vez."""
    from respaldo import toca_copia

    def a_las(dia: int, hora: int) -> datetime:
        return datetime(2026, 12, dia, hora, 30, tzinfo=ZONA_LOCAL)

    assert not toca_copia(tmp_path, a_las(7, 1), 2)
    assert toca_copia(tmp_path, a_las(7, 2), 2)
    for nombre in ("20261206-080500", "20261207-080500"):
        (tmp_path / nombre).mkdir()
        (tmp_path / nombre / "manifiesto.json").write_text("{}")
        hoy_ya = nombre.startswith("20261207")
        assert toca_copia(tmp_path, a_las(7, 9), 2) is not hoy_ya
    assert toca_copia(tmp_path, a_las(8, 3), 2)


def test_una_copia_de_antes_de_migrar_se_restaura_con_la_version_nueva(
    engine: Engine, tmp_path: Path
) -> None:
    """La base en la revisión 0012 (como antes de actualizar): la copia lee ese esquema; la
    restauración lo crea, carga, migra a la última revisión y rehace el índice de búsqueda."""
    from alembic import command

    from migraciones import configuracion, revision_actual, ultima_revision

    datos = tmp_path / "datos"
    numeros = {_registrar(engine, datos, n) for n in range(3)}
    expediente = archivable(engine, datos)
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(configuracion(url), "0012")
    copia = crear_copia(engine=engine, almacen=almacen_de(datos), destino=tmp_path / "copias")
    command.upgrade(configuracion(url), "head")  # la base de la prueba vuelve como estaba
    destino = f"sqlite:///{tmp_path / 'nueva.db'}"
    restaurar_copia(carpeta=copia.carpeta, data_dir=tmp_path / "nueva", url=destino)
    assert revision_actual(destino) == ultima_revision() != "0012"
    nueva = crear_engine(destino)
    try:
        assert _numeros(nueva) == numeros
        with nueva.connect() as c:
            indexados = c.execute(text("SELECT count(*) FROM busqueda_documento")).scalar_one()
            tareas = c.execute(text("SELECT count(*) FROM tarea")).scalar_one()
        assert indexados == 5 and tareas == 0, expediente
    finally:
        nueva.dispose()


@pytest.mark.parametrize(
    "destino",
    ["sqlite", "sqlite-en-la-carpeta", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def test_una_restauracion_que_falla_a_medio_camino_deja_el_destino_vacio_para_otro_intento(
    engine: Engine, tmp_path: Path, destino: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Con los blobs copiados, el esquema creado, las filas cargadas y migrado, falla lo último
    (el índice): la carpeta y la base quedan vacías (sin tablas, sin el índice FTS5, sin las
    funciones de PostgreSQL) y el segundo intento restaura todo."""
    import respaldo.restaurar as modulo

    datos = tmp_path / "datos"
    numeros = {_registrar(engine, datos, n) for n in range(3)}
    copia = crear_copia(engine=engine, almacen=almacen_de(datos), destino=tmp_path / "copias")

    def falla(_conexion: object) -> None:
        raise OSError("No queda espacio en el disco")

    nueva = tmp_path / "nueva"
    with _destino_vacio(destino.removesuffix("-en-la-carpeta"), tmp_path) as url:
        if destino == "sqlite-en-la-carpeta":  # lo que `backup restore` usa sin --database-url
            url = f"sqlite:///{nueva / 'recupera.db'}"
        monkeypatch.setattr(modulo, "reconstruir_indice", falla)
        with pytest.raises(OSError, match="No queda espacio"):
            restaurar_copia(carpeta=copia.carpeta, data_dir=nueva, url=url)
        assert not nueva.exists()
        destino_engine = crear_engine(url)
        try:
            with destino_engine.connect() as c:
                if destino.startswith("sqlite"):
                    restos = c.exec_driver_sql("SELECT name FROM sqlite_master").all()
                else:
                    restos = c.exec_driver_sql(
                        "SELECT relname FROM pg_class WHERE relnamespace = "
                        "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
                        "UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = "
                        "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
                    ).all()
            assert restos == []
        finally:
            destino_engine.dispose()

        monkeypatch.undo()
        informe = restaurar_copia(carpeta=copia.carpeta, data_dir=nueva, url=url)
        assert informe.blobs == copia.blobs and informe.filas["correspondencia"] == 3
        restaurada = crear_engine(url)
        try:
            assert _numeros(restaurada) == numeros
        finally:
            restaurada.dispose()


def test_si_deshacer_tambien_falla_se_ve_el_primer_error_y_queda_en_el_registro(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """El índice falla y, al deshacer, la base tampoco responde: quien restaura ve lo primero
    que falló (no el error de la limpieza), y la limpieza fallida queda en el registro."""
    import respaldo.restaurar as modulo

    datos = tmp_path / "datos"
    _registrar(engine, datos, 1)
    copia = crear_copia(engine=engine, almacen=almacen_de(datos), destino=tmp_path / "copias")

    def sin_disco(_conexion: object) -> None:
        raise OSError("No queda espacio en el disco")

    def sin_base(_conexion: object) -> None:
        raise RuntimeError("la base dejó de responder")

    monkeypatch.setattr(modulo, "reconstruir_indice", sin_disco)
    monkeypatch.setattr(modulo, "vaciar_base", sin_base)
    with pytest.raises(OSError, match="No queda espacio"):
        restaurar_copia(carpeta=copia.carpeta, data_dir=tmp_path / "nueva",
                        url=f"sqlite:///{tmp_path / 'nueva.db'}")  # fmt: skip
    assert "no se pudo deshacer la restauración a medias" in caplog.text
