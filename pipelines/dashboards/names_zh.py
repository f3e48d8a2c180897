"""Chinese names for the Chinese edition: people, regions, customers and products of the sample company.

The sample generator (pipelines/generator/naming.py, customers.py, catalogue.py) writes names in pinyin and
English ("Tian Li", "Jingzhou No.8 People's Hospital", "Amoxicillin 125mg x12"); a manager reading the zh
pages expects 田丽, 荆州第8人民医院, 阿莫西林 125mg x12. ``to_chinese`` translates a name only when every word
of it is known (units and codes may stay), so a company's own names are shown exactly as they are in its data.
A bilingual name ("East China / 华东") shows its Chinese half.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.contracts.minimum import UNASSIGNED

SURNAMES = {
    "Wang": "王", "Li": "李", "Zhang": "张", "Liu": "刘", "Chen": "陈", "Yang": "杨", "Huang": "黄", "Zhao": "赵",
    "Wu": "吴", "Zhou": "周", "Xu": "徐", "Sun": "孙", "Ma": "马", "Zhu": "朱", "Hu": "胡", "Guo": "郭", "He": "何",
    "Gao": "高", "Lin": "林", "Luo": "罗", "Zheng": "郑", "Liang": "梁", "Xie": "谢", "Song": "宋", "Tang": "唐",
    "Han": "韩", "Feng": "冯", "Deng": "邓", "Cao": "曹", "Peng": "彭", "Zeng": "曾", "Xiao": "肖", "Tian": "田",
    "Dong": "董", "Pan": "潘", "Yuan": "袁", "Cai": "蔡", "Jiang": "蒋",
}
GIVEN_NAMES = {
    "Wei": "伟", "Fang": "芳", "Na": "娜", "Min": "敏", "Jing": "静", "Li": "丽", "Qiang": "强", "Lei": "磊",
    "Jun": "军", "Yang": "洋", "Yong": "勇", "Yan": "艳", "Jie": "杰", "Tao": "涛", "Ming": "明", "Chao": "超",
    "Xiuying": "秀英", "Xia": "霞", "Ping": "平", "Gang": "刚", "Hui": "辉", "Hao": "浩", "Yu": "宇", "Lin": "林",
    "Peng": "鹏", "Bin": "斌", "Dan": "丹", "Ting": "婷", "Xin": "鑫", "Kai": "凯", "Lihua": "丽华",
    "Jianguo": "建国", "Haiyan": "海燕", "Xiaoming": "小明", "Yuxuan": "宇轩", "Zihan": "子涵",
}
# Places, brands and the words of customer and product names (one word or a fixed phrase each).
WORDS = {
    # the placeholder a sales export without a rep or product column gets (pipelines.contracts.minimum)
    UNASSIGNED: "未分配",
    # cities and provinces
    "Hangzhou": "杭州", "Ningbo": "宁波", "Wenzhou": "温州", "Shaoxing": "绍兴", "Jinhua": "金华", "Taizhou": "台州",
    "Guangzhou": "广州", "Shenzhen": "深圳", "Dongguan": "东莞", "Foshan": "佛山", "Shantou": "汕头",
    "Shijiazhuang": "石家庄", "Tangshan": "唐山", "Baoding": "保定", "Handan": "邯郸", "Langfang": "廊坊",
    "Wuhan": "武汉", "Yichang": "宜昌", "Xiangyang": "襄阳", "Jingzhou": "荆州", "Huangshi": "黄石",
    "Chengdu": "成都", "Mianyang": "绵阳", "Deyang": "德阳", "Nanchong": "南充", "Yibin": "宜宾",
    "Shenyang": "沈阳", "Dalian": "大连", "Anshan": "鞍山", "Jinzhou": "锦州", "Dandong": "丹东",
    "Xi'an": "西安", "Baoji": "宝鸡", "Xianyang": "咸阳", "Yulin": "榆林", "Hanzhong": "汉中",
    "Nanjing": "南京", "Suzhou": "苏州", "Wuxi": "无锡", "Changzhou": "常州", "Nantong": "南通", "Xuzhou": "徐州",
    "Zhejiang": "浙江", "Guangdong": "广东", "Hebei": "河北", "Hubei": "湖北", "Sichuan": "四川",
    "Liaoning": "辽宁", "Shaanxi": "陕西", "Jiangsu": "江苏",
    # brands
    "Kangda": "康达", "Jiahe": "嘉禾", "Huaxin": "华信", "Ruikang": "瑞康", "Tianrun": "天润", "Yikang": "益康",
    "Shengshi": "盛世", "Baixin": "百信", "Hengtai": "恒泰", "Minsheng": "民生", "Dexin": "德信", "Fuyuan": "富源",
    "Jinhui": "金辉", "Anning": "安宁", "Yongfeng": "永丰", "Xinda": "信达", "Huamei": "华美", "Zhongjian": "中健",
    "Renhe": "仁和", "Taiping": "太平", "Guoyao": "国药", "Jiuzhou": "九州", "Kangmei": "康美", "Haiwang": "海王",
    "Yixin": "益新", "Runtian": "润田", "Hongxiang": "鸿祥", "Shunfeng": "顺丰", "Lianhe": "联合", "Boan": "博安",
    "Jiankang": "健康", "Tongren": "同仁", "Yuanda": "远大", "Huarun": "华润", "Qianjin": "千金", "Ciming": "慈铭",
    # product stems
    "Amoxicillin": "阿莫西林", "Cefuroxime": "头孢呋辛", "Azithromycin": "阿奇霉素", "Levofloxacin": "左氧氟沙星",
    "Cefixime": "头孢克肟", "Clarithromycin": "克拉霉素", "Amlodipine": "氨氯地平", "Atorvastatin": "阿托伐他汀",
    "Valsartan": "缬沙坦", "Metoprolol": "美托洛尔", "Rosuvastatin": "瑞舒伐他汀", "Clopidogrel": "氯吡格雷",
    "Ambroxol": "氨溴索", "Montelukast": "孟鲁司特", "Budesonide": "布地奈德", "Salbutamol": "沙丁胺醇",
    "Acetylcysteine": "乙酰半胱氨酸", "Omeprazole": "奥美拉唑", "Pantoprazole": "泮托拉唑", "Domperidone": "多潘立酮",
    "Mosapride": "莫沙必利", "Lactulose": "乳果糖", "Ibuprofen": "布洛芬", "Paracetamol": "对乙酰氨基酚",
    "Diclofenac": "双氯芬酸", "Celecoxib": "塞来昔布", "Loxoprofen": "洛索洛芬", "Vitamin C": "维生素C",
    "Vitamin D3": "维生素D3", "Calcium Carbonate": "碳酸钙", "Multivitamin": "复合维生素", "Folic Acid": "叶酸",
    "Mometasone Cream": "莫米松乳膏", "Clobetasol Ointment": "氯倍他索软膏", "Terbinafine Cream": "特比萘芬乳膏",
    "Fusidic Acid Cream": "夫西地酸乳膏", "Metformin": "二甲双胍", "Gliclazide": "格列齐特", "Acarbose": "阿卡波糖",
    "Sitagliptin": "西格列汀", "Pediatric Cough Syrup": "小儿止咳糖浆", "Oral Rehydration Salts": "口服补液盐",
    "Pediatric Ibuprofen": "小儿布洛芬", "Zinc Gluconate": "葡萄糖酸锌",
    "Sodium Hyaluronate Eye Drops": "玻璃酸钠滴眼液", "Levofloxacin Eye Drops": "左氧氟沙星滴眼液",
    "Tobramycin Eye Drops": "妥布霉素滴眼液", "Blood Glucose Test Strips": "血糖试纸",
    "Disposable Syringe": "一次性注射器", "Blood Pressure Monitor": "血压计", "Infusion Set": "输液器",
    "Surgical Mask": "医用外科口罩", "Lianhua Qingwen Capsules": "连花清瘟胶囊", "Banlangen Granules": "板蓝根颗粒",
    "Liuwei Dihuang Pills": "六味地黄丸", "Angong Niuhuang Pills": "安宫牛黄丸",
    "Huoxiang Zhengqi Liquid": "藿香正气水", "Whey Protein": "乳清蛋白", "Fish Oil": "鱼油",
    "Probiotic Powder": "益生菌粉", "Infant Formula": "婴儿配方奶粉", "Std": "标准版", "Pro": "专业版",
    "Mini": "迷你版", "Plus": "增强版",
    # product lines
    "antibiotics": "抗生素", "cardiovascular": "心血管", "respiratory": "呼吸系统", "digestive": "消化系统",
    "analgesics": "镇痛", "vitamins": "维生素", "dermatology": "皮肤科", "diabetes": "糖尿病", "pediatrics": "儿科",
    "ophthalmic": "眼科", "medical_devices": "医疗器械", "tcm": "中成药", "nutrition": "营养品",
    # foot-traffic sites of the sample study
    "Wulin Square north gate": "武林广场北门", "Qingchun Rd metro exit C": "庆春路地铁站C口",
    "Hubin pedestrian street": "湖滨步行街", "Gudang community centre": "古荡社区中心",
    # customer kinds
    "Pharmaceutical Distribution": "医药配送", "Medicine Trading": "医药贸易", "Pharma Logistics": "医药物流",
    "Medical Agency": "医疗代理", "Health Products Agency": "保健品代理", "Sales Agency": "销售代理",
    "Community Health Center": "社区卫生服务中心", "Clinic": "诊所", "Pharmacy": "药房",
    "Traditional Chinese Medicine Hospital": "中医院", "Hospital": "医院", "Technology Co. Ltd": "科技有限公司",
    "Industrial Group": "实业集团", "Logistics Co. Ltd": "物流有限公司",
}
_PERSON = re.compile(r"^([A-Z][a-z]+) ([A-Z][a-z]+)$")
_RETAIL = re.compile(r"^(\S+) Drugstore (\S+) Branch (\d+)$")
_HOSPITAL_NO = re.compile(r"No\.(\d+) People's Hospital")
# Longest phrase first, whole words only, so "Levofloxacin Eye Drops" wins over "Levofloxacin".
_PHRASES = re.compile(r"(?<![A-Za-z'])(" + "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
                      + r")(?![A-Za-z'])")
# What may stay Latin inside a Chinese name: strengths, pack sizes, units and codes (WH01, SITE-A).
_KEEP = re.compile(r"^(\d+(\.\d+)?(mg|g|ml|%)|x\d+|[A-Z][A-Z0-9]*\d[A-Z0-9]*|[A-Z0-9]+(-[A-Z0-9]+)+)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=65536)
def to_chinese(name: str) -> str:
    """The Chinese name when every word of ``name`` is known, else ``name`` unchanged."""
    if not isinstance(name, str) or not re.search(r"[A-Za-z]", name):
        return name
    if " / " in name:  # bilingual: "East China / 华东"
        zh = name.rsplit(" / ", 1)[1].strip()
        return zh if _CJK.search(zh) and not re.search(r"[A-Za-z]", zh) else name
    person = _PERSON.match(name)
    if person and person.group(1) in SURNAMES and person.group(2) in GIVEN_NAMES:
        return SURNAMES[person.group(1)] + GIVEN_NAMES[person.group(2)]
    text = name
    retail = _RETAIL.match(text)
    if retail:
        text = f"{retail.group(1)}大药房{retail.group(2)}{retail.group(3)}号分店"
    text = _HOSPITAL_NO.sub(r"第\1人民医院", text)
    text = _PHRASES.sub(lambda m: WORDS[m.group(1)], text)
    text = text.replace(" @ ", " · ")
    if any(re.search(r"[A-Za-z]", w) and not _CJK.search(w) and not _KEEP.match(w) for w in text.split()):
        return name
    # Chinese words run together; a space stays only next to a kept unit ("阿莫西林 125mg x12").
    return re.sub(r"(?<=[\u4e00-\u9fff\d]) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=\d+号)", "", text)
